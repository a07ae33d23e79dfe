// Sdist file names in every format pip accepts, and the order a release's several sdists are preferred in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareSdistFormats, sdistSuffix, splitSdistFilename } from "../../src/standards/sdist-formats.js";

test("every suffix pip accepts maps to its format, case-insensitively, keeping the suffix as written", () => {
  const cases: [string, string, string][] = [
    ["a-1.0.tar.gz", ".tar.gz", "tar.gz"], ["a-1.0.TGZ", ".TGZ", "tar.gz"], ["a-1.0.tar.bz2", ".tar.bz2", "tar.bz2"], ["a-1.0.tbz", ".tbz", "tar.bz2"],
    ["a-1.0.tar.xz", ".tar.xz", "tar.xz"], ["a-1.0.txz", ".txz", "tar.xz"], ["a-1.0.tar.lzma", ".tar.lzma", "tar.lzma"], ["a-1.0.tlz", ".tlz", "tar.lzma"],
    ["a-1.0.tar", ".tar", "tar"], ["a-1.0.zip", ".zip", "zip"],
  ];
  for (const [name, suffix, format] of cases) assert.deepEqual(sdistSuffix(name), { suffix, format }, name);
  for (const name of ["a-1.0.whl", "a-1.0.egg", "a-1.0.tar.gz.asc", "a-1.0.exe"]) assert.equal(sdistSuffix(name), undefined, name);
});

test("name and version split at the last dash, as written", () => {
  assert.deepEqual(splitSdistFilename("python-docutils-0.23.tar.xz"), { name: "python-docutils", version: "0.23", format: "tar.xz" });
  assert.equal(splitSdistFilename("noversion.tar.gz"), undefined);
  assert.equal(splitSdistFilename("trailing-.zip"), undefined);
});

test("a release's sdists are preferred .tar.gz first, then .zip, .tar.xz, .tar.bz2, .tar, .tar.lzma", () => {
  const names = ["a-1.tar.lzma", "a-1.tar", "a-1.tar.bz2", "a-1.tar.xz", "a-1.zip", "a-1.tar.gz"];
  assert.deepEqual([...names].sort(compareSdistFormats), ["a-1.tar.gz", "a-1.zip", "a-1.tar.xz", "a-1.tar.bz2", "a-1.tar", "a-1.tar.lzma"]);
});
