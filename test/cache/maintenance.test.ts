import assert from "node:assert/strict";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { openCache, type Cache } from "../../src/cache/cache.js";
import { cacheInfo, cleanCache, pruneCache } from "../../src/cache/maintenance.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";

const DAY = 24 * 60 * 60 * 1000;

async function filled(dir: string): Promise<{ cache: Cache; old: string; fresh: string; wheel: string }> {
  const cache = await openCache({ dir });
  const old = (await cache.content.putStream(Readable.from([Buffer.from("old content")]), { name: "old" })).path;
  const fresh = (await cache.content.putStream(Readable.from([Buffer.from("fresh content!")]), { name: "fresh" })).path;
  await cache.releases.put({ project: "alpha", version: "1.0", sourceKey: "k", files: [] });
  const src = path.join(dir, "w-1.0-py3-none-any.whl");
  await writeFile(src, "wheel");
  const wheel = (await cache.builtWheels.put("key", src)).path;
  await writeFile(cache.logPath("build.log"), "log line\n");
  return { cache, old, fresh, wheel };
}

test("cacheInfo reports sizes and entry counts per bucket", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await filled(dir);
    const info = await cacheInfo({ dir });
    assert.equal(info.dir, dir);
    assert.deepEqual(info.buckets["content-v1"], { bytes: "old content".length + "fresh content!".length, entries: 2 });
    assert.equal(info.buckets["index-v1"].entries, 1);
    assert.equal(info.buckets["wheels-v1"].entries, 1);
    assert.equal(info.buckets["logs-v1"].entries, 1);
    assert.equal(info.buckets["envs-v1"].entries, 0);
    assert.equal(info.buckets.tmp.entries, 0);
    assert.equal(info.totalBytes, Object.values(info.buckets).reduce((n, b) => n + b.bytes, 0));
  } finally {
    await cleanup();
  }
});

test("cleanCache empties one bucket or everything", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { cache, fresh } = await filled(dir);
    const one = await cleanCache({ dir, bucket: "logs-v1" });
    assert.deepEqual(one.removed, { "logs-v1": { bytes: 9, entries: 1 } });
    assert.equal(await cache.content.get(path.basename(fresh)), fresh, "other buckets untouched");
    const all = await cleanCache({ dir });
    assert.equal(all.removedEntries, 4);
    const info = await cacheInfo({ dir });
    assert.equal(info.totalBytes, 0);
    await assert.rejects(cleanCache({ dir, bucket: "nope" }), (e: unknown) => isPyvendorError(e, "E_USAGE"));
    // The cache still works after a clean.
    await cache.content.putStream(Readable.from([Buffer.from("again")]), { name: "again" });
  } finally {
    await cleanup();
  }
});

test("pruneCache removes what was not used for the given time; a hit counts as a use", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { cache, old, fresh, wheel } = await filled(dir);
    const now = Date.now();
    const longAgo = new Date(now - 30 * DAY);
    await utimes(old, longAgo, longAgo);
    await utimes(fresh, longAgo, longAgo);
    await utimes(path.join(path.dirname(wheel), "entry.json"), longAgo, longAgo);
    await utimes(wheel, longAgo, longAgo);
    assert.equal(await cache.content.get(path.basename(fresh)), fresh, "a hit marks it used");
    const report = await pruneCache({ dir, olderThanMs: 7 * DAY, now });
    assert.equal(report.removed["content-v1"]?.entries, 1);
    assert.equal(report.removed["wheels-v1"]?.entries, 1);
    assert.equal(report.removed["index-v1"], undefined);
    assert.equal(await cache.content.get(path.basename(old)), undefined);
    assert.equal(await cache.content.get(path.basename(fresh)), fresh);
    assert.equal(await cache.builtWheels.get("key"), undefined);
  } finally {
    await cleanup();
  }
});

test("the unpacked-wheel store and the interpreter descriptions are buckets: counted (a wheel is one entry), cleaned alone or with the rest", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await filled(dir);
    const entry = path.join(dir, "unpacked-v2", "a".repeat(64));
    await mkdir(path.join(entry, "pkg"), { recursive: true });
    await writeFile(path.join(entry, "pkg", "__init__.py"), "X = 1\n");
    await writeFile(path.join(entry, "pkg", "core.py"), "Y = 2\n");
    await mkdir(path.join(dir, "pythons-v1"), { recursive: true });
    await writeFile(path.join(dir, "pythons-v1", "b".repeat(64) + ".json"), "{}\n");
    const info = await cacheInfo({ dir });
    assert.deepEqual(info.buckets["unpacked-v2"], { bytes: 12, entries: 1 });
    assert.deepEqual(info.buckets["pythons-v1"], { bytes: 3, entries: 1 });
    const one = await cleanCache({ dir, bucket: "unpacked-v2" });
    assert.deepEqual(one.removed, { "unpacked-v2": { bytes: 12, entries: 1 } });
    assert.equal((await cacheInfo({ dir })).buckets["pythons-v1"].entries, 1, "other buckets untouched");
    await cleanCache({ dir });
    assert.equal((await cacheInfo({ dir })).totalBytes, 0);
  } finally {
    await cleanup();
  }
});

test("clean and prune remove the buckets an older pyvendor wrote (unpacked-v1), whole", async () => {
  for (const run of [(dir: string) => cleanCache({ dir }), (dir: string) => pruneCache({ dir, olderThanMs: 30 * DAY })]) {
    const { dir, cleanup } = await tempDir();
    try {
      await openCache({ dir });
      const entry = path.join(dir, "unpacked-v1", "b".repeat(64), "files");
      await mkdir(entry, { recursive: true });
      await writeFile(path.join(entry, "x.py"), "1234");
      const report = await run(dir);
      assert.deepEqual(report.removed["unpacked-v1"], { bytes: 4, entries: 1 });
      await assert.rejects(readdir(path.join(dir, "unpacked-v1")), /ENOENT/);
    } finally {
      await cleanup();
    }
  }
});
