// Links in sdists, by Python's tarfile data filter: in-tree ones are kept, hostile ones refused with nothing written outside.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { lstat, readdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { resolveLink } from "../../src/build/archive-links.js";
import { unpackSdist } from "../../src/build/sdist-archive.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";
import { makeTarGz, type TarEntry } from "../helpers/tar-writer.js";
import { makeZip } from "../helpers/zip-writer.js";

const base: TarEntry[] = [
  { name: "demo-1.0/pyproject.toml", body: "[project]\n" },
  { name: "demo-1.0/docs/intro.rst", body: "Intro\n" },
  { name: "demo-1.0/shared/data.txt", body: "data\n" },
];

describe("links in a .tar.gz sdist", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let n = 0;
  before(async () => {
    work = await tempDir("pyvendor-links-");
  });
  after(() => work.cleanup());

  /** Unpacks `entries` into `<case>/build/out`; returns that root and the case's dir (above the build dir). */
  async function unpack(entries: TarEntry[]): Promise<{ root: Promise<string>; caseDir: string }> {
    const caseDir = path.join(work.dir, `case-${++n}`);
    const file = await makeTarGz(path.join(work.dir, `demo-${n}.tar.gz`), [...base, ...entries]);
    return { root: unpackSdist({ file, filename: "demo-1.0.tar.gz", dest: path.join(caseDir, "build", "out") }), caseDir };
  }

  it("keeps in-tree symlinks (to a file, to a directory, chained) as symlinks, and makes a hard link a copy", async () => {
    const { root: pending } = await unpack([
      { name: "demo-1.0/README.rst", type: "symlink", linkname: "docs/intro.rst" },
      { name: "demo-1.0/pkg/data", type: "symlink", linkname: "../shared" },
      { name: "demo-1.0/chain", type: "symlink", linkname: "README.rst" },
      { name: "demo-1.0/docs/copy.rst", type: "link", linkname: "demo-1.0/docs/intro.rst" },
    ]);
    const root = await pending;
    assert.equal(await readlink(path.join(root, "README.rst")), "docs/intro.rst");
    assert.equal(await readFile(path.join(root, "chain"), "utf8"), "Intro\n");
    assert.equal(await readFile(path.join(root, "pkg", "data", "data.txt"), "utf8"), "data\n");
    assert.equal(await readFile(path.join(root, "docs", "copy.rst"), "utf8"), "Intro\n");
    assert.ok((await lstat(path.join(root, "docs", "copy.rst"))).isFile());
    assert.notEqual((await stat(path.join(root, "docs", "copy.rst"))).ino, (await stat(path.join(root, "docs", "intro.rst"))).ino);
  });

  const hostile: [string, TarEntry[], RegExp][] = [
    ["an absolute target", [{ name: "demo-1.0/passwd", type: "symlink", linkname: "/etc/passwd" }], /absolute/],
    ["a target climbing out", [{ name: "demo-1.0/x/passwd", type: "symlink", linkname: "../../../etc/passwd" }], /out of the archive's tree/],
    [
      "a link to a directory outside, then a file written through it",
      [{ name: "demo-1.0/out", type: "symlink", linkname: "../.." }, { name: "demo-1.0/out/evil.txt", body: "boom\n" }],
      /out of the archive's tree/,
    ],
    [
      "a file written through an in-tree link",
      [{ name: "demo-1.0/alias", type: "symlink", linkname: "shared" }, { name: "demo-1.0/alias/evil.txt", body: "boom\n" }],
      /written through the link "demo-1\.0\/alias"/,
    ],
    ["a file written over a link", [{ name: "demo-1.0/l", type: "symlink", linkname: "docs/intro.rst" }, { name: "demo-1.0/l", body: "boom\n" }], /over a link/],
    [
      "a link that a later link turns outward",
      [{ name: "demo-1.0/y", type: "symlink", linkname: "x/../.." }, { name: "demo-1.0/x", type: "symlink", linkname: "." }],
      /out of the archive's tree/,
    ],
    ["a loop of links", [{ name: "demo-1.0/a", type: "symlink", linkname: "b" }, { name: "demo-1.0/b", type: "symlink", linkname: "a" }], /loop/],
    ["a hard link to a path outside", [{ name: "demo-1.0/h", type: "link", linkname: "../etc/passwd" }], /./],
    ["a block device", [{ name: "demo-1.0/disk", type: "block-device", devmajor: 8, devminor: 0 }], /special file/],
  ];
  for (const [what, entries, message] of hostile) {
    it(`refuses ${what}, and the directory above the build directory is unchanged`, async () => {
      const { root, caseDir } = await unpack(entries);
      await assert.rejects(root, (err: unknown) => {
        assert.ok(isPyvendorError(err), String(err));
        assert.ok(err.code === "E_UNSAFE_ENTRY" || err.code === "E_UNSAFE_PATH", err.code);
        assert.match(err.message, message);
        return true;
      });
      assert.deepEqual(await readdir(caseDir), ["build"]);
      assert.deepEqual(await readdir(path.join(caseDir, "build")), ["out"]);
      assert.equal(existsSync(path.join(caseDir, "build", "evil.txt")), false);
    });
  }
});

describe("resolveLink", () => {
  it("resolves like realpath over the links made so far", () => {
    const links = new Map([["p/x", "."], ["p/d", "sub/deeper"]]);
    assert.deepEqual(resolveLink(links, "p/y", "d/../z"), { target: "p/sub/z" });
    assert.deepEqual(resolveLink(links, "p/y", "x/x/x/f"), { target: "p/f" });
    assert.ok("refused" in resolveLink(links, "p/y", "x/../.."));
    assert.ok("refused" in resolveLink(links, "p/y", "C:\\evil"));
  });
});

describe("links in a .zip sdist (Unix mode bits), by the same rules", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    work = await tempDir("pyvendor-zip-links-");
  });
  after(() => work.cleanup());

  const files = [{ name: "z-1.0/setup.py", data: "" }, { name: "z-1.0/docs/intro.rst", data: "Intro\n" }];

  it("keeps an in-tree link", async () => {
    const file = path.join(work.dir, "ok.zip");
    await writeFile(file, makeZip([...files, { name: "z-1.0/README.rst", data: "docs/intro.rst", symlink: true }]));
    const root = await unpackSdist({ file, filename: "z-1.0.zip", dest: path.join(work.dir, "ok") });
    assert.equal(await readlink(path.join(root, "README.rst")), "docs/intro.rst");
    assert.equal(await readFile(path.join(root, "README.rst"), "utf8"), "Intro\n");
  });

  it("refuses a link out of the tree, and one written through", async () => {
    for (const [i, extra] of [
      [{ name: "z-1.0/out", data: "../../..", symlink: true }],
      [{ name: "z-1.0/alias", data: "docs", symlink: true }, { name: "z-1.0/alias/x.txt", data: "boom" }],
    ].entries()) {
      const file = path.join(work.dir, `bad-${i}.zip`);
      await writeFile(file, makeZip([...files, ...extra]));
      const caseDir = path.join(work.dir, `case-${i}`);
      await assert.rejects(unpackSdist({ file, filename: "z-1.0.zip", dest: path.join(caseDir, "out") }), (err: unknown) => isPyvendorError(err, "E_UNSAFE_ENTRY"));
      assert.deepEqual(await readdir(caseDir), ["out"]);
    }
  });
});
