// Real sdists with in-tree links, as Debian ships them (.tar.xz): docutils 0.23 and wcwidth 0.8.3 pack and install offline as pip builds them.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { install } from "../../src/install/venv.js";
import { pack } from "../../src/pack/pipeline.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { openZip } from "../../src/wheel/zip-entries.js";
import { filesDir, corpusDir } from "./corpus/cache.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

let work: { dir: string; cleanup: () => Promise<void> };
let corpus: ServedCorpus;

before(async () => {
  work = await tempDir("pyvendor-real-links-");
  corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
});
after(async () => {
  await corpus?.stop();
  await work?.cleanup();
});

async function names(wheel: string): Promise<string[]> {
  const zip = await openZip(wheel);
  try {
    return zip.entries.filter((e) => !e.isDir && !e.name.endsWith(".dist-info/RECORD")).map((e) => e.name).sort();
  } finally {
    zip.close();
  }
}

test("docutils 0.23 (6 in-tree symlinks) and wcwidth 0.8.3 (1), both .tar.xz, pack from the corpus and install offline", { timeout: 600_000 }, async () => {
  const cacheDir = path.join(work.dir, "cache");
  const bundle = path.join(work.dir, "bundle");
  const env = cleanEnv();
  const packed = await pack({ requirements: ["docutils==0.23", "wcwidth==0.8.3"], output: bundle, cacheDir, env, index: { indexUrl: corpus.url } });
  assert.deepEqual(packed.packages.map((p) => `${p.name}==${p.version}`).sort(), ["docutils==0.23", "wcwidth==0.8.3"]);
  const venv = path.join(work.dir, "venv");
  await install({ bundle, venv, cacheDir, env });
  const probe = await execa(path.join(venv, "bin", "python"), ["-c", "import docutils.core; print(docutils.__version__)"], { env });
  assert.equal(probe.stdout, "0.23");

  // Debian's wcwidth repack (+dfsg1) lacks the generated table_grapheme_overrides/_registry.py, so
  // `import wcwidth` fails from it whoever builds it: compare with the wheel pip builds instead.
  const ours = path.join(bundle, "wheels", "wcwidth-0.8.3-py3-none-any.whl");
  const pipDir = path.join(work.dir, "pip");
  await execa("python3", ["-m", "pip", "wheel", "-q", "--no-deps", "--no-index", "--find-links", filesDir(corpusDir()), "-w", pipDir,
    path.join(filesDir(corpusDir()), "wcwidth-0.8.3.tar.xz")], { env: cleanEnv({ PIP_CONFIG_FILE: "/dev/null" }) });
  const [theirs] = (await readdir(pipDir)).filter((f) => f.endsWith(".whl"));
  assert.deepEqual(await names(ours), await names(path.join(pipDir, theirs ?? "")));
  const metadata = await execa(path.join(venv, "bin", "python"), ["-c", "import importlib.metadata as m; print(len(m.metadata('wcwidth').get_payload()))"], { env });
  assert.ok(Number(metadata.stdout) > 1000, "README.rst, a link to docs/intro.rst, is the long description");
  assert.ok((await readFile(path.join(bundle, "manifest.json"), "utf8")).includes("wcwidth-0.8.3.tar.xz"));
});

test("docutils 0.23 rewritten as .tar.lzma (links kept) packs as a local path with either build frontend, and installs offline", { timeout: 600_000 }, async () => {
  const env = cleanEnv();
  const lzmaFile = path.join(work.dir, "lzma", "docutils-0.23.tar.lzma");
  const rewrite = `
import lzma, os, sys
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
raw = lzma.open(sys.argv[1]).read()  # the .tar.xz's tar bytes, links and all
open(sys.argv[2], "wb").write(lzma.compress(raw, format=lzma.FORMAT_ALONE))
`;
  await execa("python3", ["-c", rewrite, path.join(filesDir(corpusDir()), "docutils-0.23.tar.xz"), lzmaFile], { env });
  for (const buildFrontend of ["pyvendor", "pip"] as const) {
    const bundle = path.join(work.dir, `lzma-bundle-${buildFrontend}`);
    const cacheDir = path.join(work.dir, `lzma-cache-${buildFrontend}`);
    const requirementFile = path.join(work.dir, `lzma-${buildFrontend}.txt`);
    await writeFile(requirementFile, `${lzmaFile}\n`);
    await pack({ requirementFiles: [requirementFile], output: bundle, cacheDir, env, index: { indexUrl: corpus.url }, buildFrontend });
    const venv = path.join(work.dir, `lzma-venv-${buildFrontend}`);
    await install({ bundle, venv, cacheDir, env });
    const probe = await execa(path.join(venv, "bin", "python"), ["-c", "import docutils.core; print(docutils.__version__)"], { env });
    assert.equal(probe.stdout, "0.23", buildFrontend);
  }
});
