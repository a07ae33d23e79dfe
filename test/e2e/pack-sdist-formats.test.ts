// Every sdist format pip accepts packs, from an index and as a local path; a name that lies about the bytes is refused.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { execa } from "execa";
import { isPyvendorError } from "../../src/errors.js";
import { pack } from "../../src/pack/pipeline.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { buildFixtureSdists } from "../helpers/fixture-index.js";
import { startIndexServer, type IndexServer } from "../helpers/index-server.js";

/** Rewrites a .tar.gz sdist in another format with Python's tarfile/zipfile (what a user's sdist tool would write). */
const REWRITE = `
import io, lzma, sys, tarfile, zipfile
src, dst, fmt = sys.argv[1:]
with tarfile.open(src) as tin:
    if fmt == "zip":
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
            for m in tin.getmembers():
                if m.isfile():
                    z.writestr(m.name, tin.extractfile(m).read())
    elif fmt == "tar.lzma":
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as out:
            for m in tin.getmembers():
                out.addfile(m, tin.extractfile(m) if m.isfile() else None)
        open(dst, "wb").write(lzma.compress(buf.getvalue(), format=lzma.FORMAT_ALONE))
    else:
        with tarfile.open(dst, {"tar.bz2": "w:bz2", "tar.xz": "w:xz", "tar": "w"}[fmt]) as out:
            for m in tin.getmembers():
                out.addfile(m, tin.extractfile(m) if m.isfile() else None)
`;

const FORMATS = ["tar.bz2", "tar.xz", "tar.lzma", "tar", "zip"] as const;

let work: { dir: string; cleanup: () => Promise<void> };
let gz: string;
before(async () => {
  work = await tempDir("pyvendor-formats-");
  [gz] = (await buildFixtureSdists(path.join(work.dir, "dists"), ["hello-cli"])).map((s) => s.path) as [string];
});
after(async () => {
  await work?.cleanup();
});

async function packFrom(options: { requirements: string[]; index?: IndexServer; out: string }) {
  const req = path.join(work.dir, `${path.basename(options.out)}.txt`);
  await writeFile(req, `${options.requirements.join("\n")}\n`);
  const result = await pack({
    // A cache per pack: each one unpacks and builds its sdist (a shared one would reuse the build).
    requirementFiles: [req], output: options.out, cacheDir: `${options.out}-cache`, env: cleanEnv(),
    index: options.index ? { indexUrl: options.index.url } : { noIndex: true },
  });
  return { result, manifest: JSON.parse(await readFile(path.join(options.out, "manifest.json"), "utf8")) as { packages: { source?: { filename: string }; wheels: { filename: string }[] }[] } };
}

for (const format of FORMATS) {
  describe(`a .${format} sdist`, () => {
    let file: string;
    let index: IndexServer;
    before(async () => {
      file = path.join(work.dir, format, `hello_cli-1.0.0.${format}`);
      await execa("mkdir", ["-p", path.dirname(file)]);
      await execa("python3", ["-c", REWRITE, gz, file, format], { env: cleanEnv() });
      index = await startIndexServer({ files: [file] });
    });
    after(async () => {
      await index?.stop();
    });

    test("packs from an index: the bundle's source is that file and its wheel is built", async () => {
      const { manifest } = await packFrom({ requirements: ["hello-cli==1.0.0"], index, out: path.join(work.dir, `index-${format.replace(".", "-")}`) });
      assert.equal(manifest.packages[0]?.source?.filename, path.basename(file));
      assert.match(manifest.packages[0]?.wheels[0]?.filename ?? "", /^hello_cli-1\.0\.0-py3-none-any\.whl$/);
    });

    test("packs as a local path", async () => {
      const { manifest } = await packFrom({ requirements: [file], out: path.join(work.dir, `local-${format.replace(".", "-")}`) });
      assert.match(manifest.packages[0]?.wheels[0]?.filename ?? "", /^hello_cli-1\.0\.0-py3-none-any\.whl$/);
    });
  });
}

test("an sdist whose name says one format and whose bytes another fails its build with E_SDIST_INVALID naming both", async () => {
  const liar = path.join(work.dir, "liar", "hello_cli-1.0.0.tar.gz");
  await execa("mkdir", ["-p", path.dirname(liar)]);
  await execa("python3", ["-c", REWRITE, gz, liar, "tar.xz"], { env: cleanEnv() });
  await assert.rejects(packFrom({ requirements: [liar], out: path.join(work.dir, "liar-out") }), (err: unknown) => {
    // The build of that sdist fails, and pack reports each failed build with its own code.
    assert.ok(isPyvendorError(err, "E_BUILDS_FAILED"), String(err));
    assert.match(err.message, /hello_cli-1\.0\.0\.tar\.gz: is named \.tar\.gz but its bytes are a tar\.xz archive \[E_SDIST_INVALID\]/);
    return true;
  });
});
