import assert from "node:assert/strict";
import { test } from "node:test";
import { contentKey, fileRecordKey, releaseRecordKey, wheelEntryDir, wheelObjectKey } from "../../src/cache/remote-keys.js";

const SDIST = "a1".repeat(32);

test("remote keys mirror the local layout for content and index records", () => {
  assert.equal(contentKey("ab".repeat(32)), `content-v1/sha256/ab/ab/${"ab".repeat(32)}`);
  assert.throws(() => contentKey("../../etc/passwd"));
  assert.match(releaseRecordKey("fastmath", "0.1.0", "k"), /^index-v1\/releases\/fastmath\/0\.1\.0\/[0-9a-f]{32}\.json$/);
  assert.match(releaseRecordKey("..", "1/../2", "k"), /^index-v1\/releases\/_[0-9a-f]{8}\/1_\.\._2\/[0-9a-f]{32}\.json$/);
  assert.match(fileRecordKey("https://files.example.com/x.tar.gz"), /^index-v1\/files\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/);
});

test("a built wheel's folder names every part that makes it reusable", () => {
  const parts = { hash: "h", sdistSha256: SDIST, target: "cp312-cp312-manylinux_2_17_x86_64", glibc: "2.17", settingsKey: "f".repeat(64) };
  const dir = wheelEntryDir(parts);
  assert.equal(dir, `wheels-v1/${SDIST}/cp312-cp312-manylinux_2_17_x86_64-glibc2.17-ffffffffffffffff`);
  assert.equal(wheelEntryDir({ ...parts, glibc: null }), `wheels-v1/${SDIST}/cp312-cp312-manylinux_2_17_x86_64-glibcnone-ffffffffffffffff`);
  assert.equal(wheelEntryDir({ ...parts, target: "pure" }), `wheels-v1/${SDIST}/pure-ffffffffffffffff`);
  assert.equal(wheelObjectKey(dir, "cd".repeat(32), "x-1.0-py3-none-any.whl"), `${dir}/${"cd".repeat(32)}/x-1.0-py3-none-any.whl`);
  // Parts that could escape a key segment fall back to the key string's folder.
  assert.equal(wheelEntryDir({ ...parts, target: "../../x" }), "wheels-v1/key/h");
  assert.match(wheelEntryDir("not/a safe key"), /^wheels-v1\/key\/[0-9a-f]{64}$/);
});
