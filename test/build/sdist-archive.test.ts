// Unpacking sdists: the project root comes back; traversal, links out of the tree and devices are refused.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { unpackSdist } from "../../src/build/sdist-archive.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";
import { makeTarGz, type TarEntry } from "../helpers/tar-writer.js";
import { makeZip } from "../helpers/zip-writer.js";

describe("unpackSdist", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let n = 0;
  const dest = () => path.join(work.dir, `out-${n++}`);
  before(async () => {
    work = await tempDir();
  });
  after(() => work.cleanup());

  it("returns the single top-level directory, with files and executable bits", async () => {
    const file = await makeTarGz(path.join(work.dir, "demo-1.0.tar.gz"), [
      { name: "demo-1.0/", type: "directory" },
      { name: "demo-1.0/pyproject.toml", body: "[project]\n" },
      { name: "demo-1.0/tools/run.sh", body: "#!/bin/sh\n", mode: 0o755 },
    ]);
    const out = dest();
    const root = await unpackSdist({ file, filename: "demo-1.0.tar.gz", dest: out });
    assert.equal(root, path.join(out, "demo-1.0"));
    assert.equal(await readFile(path.join(root, "pyproject.toml"), "utf8"), "[project]\n");
    assert.ok(((await stat(path.join(root, "tools", "run.sh"))).mode & 0o111) !== 0);
  });

  it("reads .zip sdists, and sdists whose files sit at the top", async () => {
    const file = path.join(work.dir, "flat-1.0.zip");
    await writeFile(file, makeZip([{ name: "setup.py", data: "print('x')\n" }, { name: "flat/__init__.py", data: "" }]));
    const out = dest();
    assert.equal(await unpackSdist({ file, filename: "flat-1.0.zip", dest: out }), out);
    assert.ok(existsSync(path.join(out, "flat", "__init__.py")));
  });

  const refusals: [string, TarEntry, string][] = [
    ["a `..` entry", { name: "demo-1.0/../../escape.txt", body: "x" }, "E_UNSAFE_PATH"],
    ["an absolute entry", { name: "/tmp/escape.txt", body: "x" }, "E_UNSAFE_PATH"],
    ["a symlink", { name: "demo-1.0/link", type: "symlink", linkname: "/etc/passwd" }, "E_UNSAFE_ENTRY"],
    ["a hard link to no earlier member", { name: "demo-1.0/hard", type: "link", linkname: "etc/passwd" }, "E_UNSAFE_ENTRY"],
    ["a character device", { name: "demo-1.0/dev", type: "character-device", devmajor: 1, devminor: 3 }, "E_UNSAFE_ENTRY"],
    ["a fifo", { name: "demo-1.0/fifo", type: "fifo" }, "E_UNSAFE_ENTRY"],
  ];
  for (const [what, entry, code] of refusals) {
    it(`refuses ${what} with ${code}, writing nothing outside`, async () => {
      const file = await makeTarGz(path.join(work.dir, `bad-${n}.tar.gz`), [{ name: "demo-1.0/setup.py", body: "" }, entry]);
      await assert.rejects(unpackSdist({ file, filename: "demo-1.0.tar.gz", dest: dest() }), (err) => isPyvendorError(err, code as "E_UNSAFE_PATH"));
      assert.ok(!existsSync(path.join(work.dir, "escape.txt")));
    });
  }

  it("refuses zip symlinks and traversal", async () => {
    const file = path.join(work.dir, "z-1.0.zip");
    await writeFile(file, makeZip([{ name: "z-1.0/setup.py", data: "" }, { name: "z-1.0/l", data: "/etc", symlink: true }]));
    await assert.rejects(unpackSdist({ file, filename: "z-1.0.zip", dest: dest() }), (err) => isPyvendorError(err, "E_UNSAFE_ENTRY"));
    await writeFile(file, makeZip([{ name: "../z.txt", data: "x" }]));
    await assert.rejects(unpackSdist({ file, filename: "z-1.0.zip", dest: dest() }), (err) => isPyvendorError(err, "E_UNSAFE_PATH"));
  });

  it("refuses archives it cannot read, formats it does not build, and trees with no project directory", async () => {
    const junk = path.join(work.dir, "junk-1.0.tar.gz");
    await writeFile(junk, "not a gzip");
    await assert.rejects(unpackSdist({ file: junk, filename: "junk-1.0.tar.gz", dest: dest() }), (err) => isPyvendorError(err, "E_SDIST_INVALID"));
    await assert.rejects(unpackSdist({ file: junk, filename: "junk-1.0.tar.bz2", dest: dest() }), (err) => isPyvendorError(err, "E_SDIST_INVALID"));
    const two = await makeTarGz(path.join(work.dir, "two-1.0.tar.gz"), [{ name: "a/x", body: "" }, { name: "b/y", body: "" }]);
    await assert.rejects(unpackSdist({ file: two, filename: "two-1.0.tar.gz", dest: dest() }), (err) => isPyvendorError(err, "E_SDIST_INVALID"));
  });

  it("refuses archives larger than the limits (decompression bombs)", async () => {
    const file = await makeTarGz(path.join(work.dir, "big-1.0.tar.gz"), [{ name: "big-1.0/a", body: "x".repeat(5000) }]);
    await assert.rejects(
      unpackSdist({ file, filename: "big-1.0.tar.gz", dest: dest(), limits: { maxEntries: 100, maxBytes: 1000 } }),
      (err) => isPyvendorError(err, "E_ARCHIVE_TOO_LARGE"),
    );
  });
});
