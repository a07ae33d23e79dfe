// Real sdists with in-tree links, as Debian ships them (.tar.xz): docutils 0.23 and wcwidth 0.8.3 pack, install offline and import.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { install } from "../../src/install.js";
import { pack } from "../../src/pack.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
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

test("docutils 0.23 (6 in-tree symlinks) and wcwidth 0.8.3 (1), both .tar.xz, pack from the corpus, install offline and import", { timeout: 600_000 }, async () => {
  const cacheDir = path.join(work.dir, "cache");
  const bundle = path.join(work.dir, "bundle");
  const env = cleanEnv();
  const packed = await pack({ requirements: ["docutils==0.23", "wcwidth==0.8.3"], output: bundle, cacheDir, env, index: { indexUrl: corpus.url } });
  assert.deepEqual(packed.packages.map((p) => `${p.name}==${p.version}`).sort(), ["docutils==0.23", "wcwidth==0.8.3"]);
  await corpus.stop(); // install needs no network
  const venv = path.join(work.dir, "venv");
  await install({ bundle, venv, cacheDir, env });
  const probe = await execa(path.join(venv, "bin", "python"), ["-c", "import docutils.core, wcwidth; print(docutils.__version__, wcwidth.wcwidth('a'))"], { env });
  assert.equal(probe.stdout, "0.23 1");
});
