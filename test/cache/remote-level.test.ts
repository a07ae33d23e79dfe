import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { loadRemoteStats } from "../../src/cache/remote-stats.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";
import { memoryObjectStore, openWorker } from "../helpers/remote-cache.js";

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9000"), { code: "ECONNREFUSED" });
const denied = () => Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
const put = (text: string) => Readable.from([Buffer.from(text)]);

test("the first failure warns once and turns the remote level off; the local cache carries on", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    store.fail = refused;
    const w = await openWorker(dir, "w", store);
    assert.equal(await w.cache.releases.get("x", "1.0", "k"), undefined);
    assert.equal(store.calls.length, 1);
    const stored = await w.cache.content.putStream(put("local still works"), { name: "x" });
    assert.equal(await w.cache.content.get(stored.sha256), stored.path);
    assert.equal(await w.cache.content.get("ab".repeat(32)), undefined);
    assert.equal(store.calls.length, 1, "no more requests once it failed");
    assert.equal(w.warnings().length, 1);
    assert.match(w.warnings()[0] ?? "", /^remote cache s3:\/\/ci-cache: cannot connect \(ECONNREFUSED\) while reading index-v1\/.*; carrying on with the local cache only$/);
    assert.equal(w.events.find((e) => e.type === "warning" && e.code === "REMOTE_CACHE_UNAVAILABLE") !== undefined, true);
    const stats = await w.cache.remote?.finish();
    assert.equal(stats?.errors, 1);
    assert.match(stats?.problem ?? "", /cannot connect/);
    assert.deepEqual({ ...(await loadRemoteStats(w.cache.dir)), finishedAt: undefined }, { ...stats, finishedAt: undefined });
  } finally {
    await cleanup();
  }
});

test("a denied upload turns off uploads only: reads go on", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    store.fail = (call) => (call.startsWith("put ") ? denied() : undefined);
    const w = await openWorker(dir, "w", store);
    await w.cache.content.putStream(put("one"), { name: "one" });
    await w.cache.content.putStream(put("two"), { name: "two" });
    assert.equal(await w.cache.content.get("cd".repeat(32)), undefined);
    assert.deepEqual(store.calls.map((c) => c.split(" ")[0]), ["put", "get"]);
    assert.equal(w.warnings().length, 1);
    assert.match(w.warnings()[0] ?? "", /access denied .*uploads are off for this run/);
    assert.equal(w.cache.remote?.stats().misses, 1);
  } finally {
    await cleanup();
  }
});

test("with require, S3 trouble is E_REMOTE_CACHE, naming the bucket and what failed", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    store.fail = denied;
    const w = await openWorker(dir, "w", store, { require: true, prefix: "team" });
    await assert.rejects(w.cache.content.get("ab".repeat(32)), (e: unknown) => {
      assert.ok(isPyvendorError(e, "E_REMOTE_CACHE"));
      assert.match(e.message, /^Remote cache s3:\/\/ci-cache\/team: access denied \(AccessDenied, HTTP 403\) while reading content-v1\//);
      assert.equal(e.data.kind, "denied");
      return true;
    });
    assert.deepEqual(w.warnings(), []);
  } finally {
    await cleanup();
  }
});
