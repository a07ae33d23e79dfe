// LZMA-alone (.tar.lzma / .tlz) sdists: decoded by Python's lzma module in a child, under a memory
// limit and the archive size limits; the same link rules as every tar; bad streams are E_SDIST_INVALID.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, readFile, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import { unpackSdist } from "../../src/build/sdist-archive.js";
import { looksLikeLzmaAlone } from "../../src/build/sdist-decoders.js";
import { isPyvendorError } from "../../src/errors.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { makeTarGz, type TarEntry } from "../helpers/tar-writer.js";

/** Rewrites a .tar.gz as an LZMA-alone stream (what `lzma`/`xz --format=lzma` write). */
const TO_LZMA = `
import gzip, lzma, sys
data = gzip.decompress(open(sys.argv[1], "rb").read())
open(sys.argv[2], "wb").write(lzma.compress(data, format=lzma.FORMAT_ALONE))
`;

describe("LZMA-alone sdists", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let n = 0;
  const dest = () => path.join(work.dir, `out-${n++}`);
  async function makeLzma(name: string, entries: TarEntry[]): Promise<string> {
    const gz = await makeTarGz(path.join(work.dir, `${n++}.tar.gz`), entries);
    const file = path.join(work.dir, name);
    await execa("python3", ["-c", TO_LZMA, gz, file], { env: cleanEnv() });
    return file;
  }
  const DEMO: TarEntry[] = [
    { name: "demo-1.0/", type: "directory" },
    { name: "demo-1.0/pyproject.toml", body: "[project]\n" },
    { name: "demo-1.0/docs/guide.txt", body: "read me\n" },
    { name: "demo-1.0/README", type: "symlink", linkname: "docs/guide.txt" },
  ];
  let good: string;
  before(async () => {
    work = await tempDir("pyvendor-lzma-");
    good = await makeLzma("demo-1.0.tar.lzma", DEMO);
  });
  after(() => work.cleanup());

  it("unpacks .tar.lzma and .tlz, in-tree links made as in any tar", async () => {
    for (const filename of ["demo-1.0.tar.lzma", "demo-1.0.tlz"]) {
      const out = dest();
      const root = await unpackSdist({ file: good, filename, dest: out });
      assert.equal(root, path.join(out, "demo-1.0"));
      assert.equal(await readFile(path.join(root, "pyproject.toml"), "utf8"), "[project]\n");
      assert.equal(await readlink(path.join(root, "README")), "docs/guide.txt");
    }
  });

  it("refuses a link out of the tree in an LZMA-alone archive too, writing nothing outside", async () => {
    const file = await makeLzma("bad-1.0.tar.lzma", [{ name: "bad-1.0/setup.py", body: "" }, { name: "bad-1.0/x", type: "symlink", linkname: "../../../etc/passwd" }]);
    await assert.rejects(unpackSdist({ file, filename: "bad-1.0.tar.lzma", dest: dest() }), (err) => isPyvendorError(err, "E_UNSAFE_ENTRY"));
  });

  it("knows the format by its header, so a name that disagrees is refused naming both", async () => {
    await assert.rejects(unpackSdist({ file: good, filename: "demo-1.0.tar.gz", dest: dest() }), (err) => {
      assert.ok(isPyvendorError(err, "E_SDIST_INVALID"));
      assert.match(err.message, /is named \.tar\.gz but its bytes are a tar\.lzma archive/);
      return true;
    });
    const gz = await makeTarGz(path.join(work.dir, "gz.tar.gz"), DEMO);
    await assert.rejects(unpackSdist({ file: gz, filename: "demo-1.0.tar.lzma", dest: dest() }), /is named \.tar\.lzma but its bytes are a tar\.gz archive/);
    const header = (await readFile(good)).subarray(0, 13);
    assert.ok(looksLikeLzmaAlone(header));
    assert.ok(!looksLikeLzmaAlone(Buffer.from("not an lzma stream at all")));
    const odd = Buffer.from(header);
    odd.writeUInt32LE(3_000_000, 1); // a dictionary size liblzma never writes
    assert.ok(!looksLikeLzmaAlone(odd));
  });

  it("refuses a truncated stream with E_SDIST_INVALID", async () => {
    const cut = path.join(work.dir, "cut-1.0.tar.lzma");
    const bytes = await readFile(good);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(unpackSdist({ file: cut, filename: "cut-1.0.tar.lzma", dest: dest() }), (err) => {
      assert.ok(isPyvendorError(err, "E_SDIST_INVALID"), String(err));
      assert.match(err.message, /not a readable LZMA-alone archive: the stream ends before its end marker/);
      return true;
    });
  });

  it("refuses a stream whose dictionary needs more memory than the limit, before allocating it", async () => {
    const huge = path.join(work.dir, "huge-1.0.tar.lzma");
    const bytes = Buffer.from(await readFile(good));
    bytes.writeUInt32LE(0x60000000, 1); // 1.5 GiB dictionary
    await writeFile(huge, bytes);
    await assert.rejects(unpackSdist({ file: huge, filename: "huge-1.0.tar.lzma", dest: dest() }), (err) => {
      assert.ok(isPyvendorError(err, "E_SDIST_INVALID"), String(err));
      assert.match(err.message, /needs more than 256 MiB of memory to decode/);
      return true;
    });
  });

  it("stops the decoder at the size limits (a decompression bomb)", async () => {
    const bomb = path.join(work.dir, "bomb-1.0.tar.lzma");
    const script = `
import io, lzma, sys, tarfile
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    info = tarfile.TarInfo("bomb-1.0/zeros"); info.size = 16 * 1024 * 1024
    t.addfile(info, io.BytesIO(bytes(info.size)))
open(sys.argv[1], "wb").write(lzma.compress(buf.getvalue(), format=lzma.FORMAT_ALONE))
`;
    await execa("python3", ["-c", script, bomb], { env: cleanEnv() });
    await assert.rejects(
      unpackSdist({ file: bomb, filename: "bomb-1.0.tar.lzma", dest: dest(), limits: { maxEntries: 100, maxBytes: 1000 } }),
      (err) => isPyvendorError(err, "E_ARCHIVE_TOO_LARGE"),
    );
  });

  it("says so, with a hint, when the build's Python has no lzma module", async () => {
    const fake = path.join(work.dir, "python-without-lzma");
    // Runs the decoder script as the real python3 would, with `import lzma` failing.
    await writeFile(fake, `#!/bin/sh\nshift 3\nexec python3 -c 'import sys; sys.modules["lzma"] = None; code = sys.argv[1]; sys.argv = sys.argv[1:]; exec(code)' "$@"\n`);
    await chmod(fake, 0o755);
    await assert.rejects(unpackSdist({ file: good, filename: "demo-1.0.tar.lzma", dest: dest(), python: fake }), (err) => {
      assert.ok(isPyvendorError(err, "E_SDIST_INVALID"), String(err));
      assert.match(err.message, /has no lzma module to decode it/);
      assert.match(err.hint ?? "", /Python 3 that has the lzma module/);
      return true;
    });
    assert.ok(existsSync(good));
  });
});
