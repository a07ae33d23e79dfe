// The record of hashed bundle files: an unchanged stat skips the hash, any change (even with the mtime put back) forces it.
import assert from "node:assert/strict";
import { lstatSync } from "node:fs";
import { readdir, readFile, realpath, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { openBundle } from "../../src/bundle/read.js";
import { openVerifiedFiles, VERIFIED_BUCKET, type VerifiedFiles } from "../../src/cache/verified-files.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";
import { writeHostileBundle } from "../helpers/hostile-bundle.js";

let work: Awaited<ReturnType<typeof tempDir>>;
let bundle: string;
let wheel: string;
before(async () => {
  work = await tempDir("pyvendor-verified-");
  bundle = await realpath(await writeHostileBundle({ wheels: [{ name: "one", version: "1.0", files: [{ path: "one/__init__.py", data: "x = 1\n" }] }], form: "dir", dir: work.dir }));
  wheel = `wheels/${(await readdir(path.join(bundle, "wheels")))[0]}`;
});
after(() => work.cleanup());

const extract = async (verified?: VerifiedFiles) => {
  const reader = await openBundle(bundle);
  try {
    return await reader.extract([wheel], path.join(work.dir, "out"), verified ? { verified } : {});
  } finally {
    await reader.close();
  }
};

test("a file hashed once is recorded with its stat and known while the stat holds; the record survives a reopen", async () => {
  const cacheDir = path.join(work.dir, "cache-1");
  const first = openVerifiedFiles(cacheDir, bundle, { racyMs: 0 });
  await extract(first);
  await first.save();
  assert.equal((await readdir(path.join(cacheDir, VERIFIED_BUCKET))).length, 1);
  const again = openVerifiedFiles(cacheDir, bundle, { racyMs: 0 });
  const st = lstatSync(path.join(bundle, wheel), { bigint: true });
  const manifest = JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as { packages: { wheels: { sha256: string }[] }[] };
  const sha = manifest.packages[0]?.wheels[0]?.sha256 as string;
  assert.equal(again.unchanged(wheel, st, sha), true);
  assert.equal(again.unchanged(wheel, st, "0".repeat(64)), false, "another expected hash is not known");
  assert.equal(openVerifiedFiles(cacheDir, `${bundle}-elsewhere`, { racyMs: 0 }).unchanged(wheel, st, sha), false, "another bundle directory has its own record");
});

test("a file changed less than 2 s before it was stated is not recorded (it could change again in the same tick)", async () => {
  const cacheDir = path.join(work.dir, "cache-2");
  const record = openVerifiedFiles(cacheDir, bundle);
  const st = lstatSync(path.join(bundle, wheel), { bigint: true });
  record.note(wheel, st, "a".repeat(64), Number(st.ctimeNs / 1_000_000n) + 500);
  assert.equal(record.unchanged(wheel, st, "a".repeat(64)), false);
  record.note(wheel, st, "a".repeat(64), Number(st.ctimeNs / 1_000_000n) + 2500);
  assert.equal(record.unchanged(wheel, st, "a".repeat(64)), true);
});

test("the reader skips the hash of a file the record knows, and re-hashes one whose content changed with its mtime put back", async () => {
  const cacheDir = path.join(work.dir, "cache-3");
  const verified = openVerifiedFiles(cacheDir, bundle, { racyMs: 0 });
  await extract(verified);
  const full = path.join(bundle, wheel);
  const before = lstatSync(full);
  const bytes = await readFile(full);
  bytes[bytes.length - 30] ^= 0xff; // same size, other bytes
  await writeFile(full, bytes);
  await utimes(full, before.atime, before.mtime);
  await assert.rejects(extract(verified), (err: unknown) => isPyvendorError(err, "E_HASH_MISMATCH"));
  // A record that claims every file unchanged is trusted: the mechanism really skips the read.
  const trusting: VerifiedFiles = { unchanged: () => true, note: () => {}, save: async () => {} };
  const out = await extract(trusting);
  assert.equal(out.get(wheel), full);
  bytes[bytes.length - 30] ^= 0xff;
  await writeFile(full, bytes);
});
