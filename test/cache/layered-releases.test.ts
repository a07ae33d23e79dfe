import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReleaseRecord } from "../../src/cache/release-store.js";
import { tempDir } from "../helpers/env.js";
import { memoryObjectStore, openWorker } from "../helpers/remote-cache.js";

const record: ReleaseRecord = {
  project: "fastmath",
  version: "0.1.0",
  sourceKey: "index:https://pypi.example.com/simple/",
  files: [{ filename: "fastmath-0.1.0.tar.gz", url: "https://files.example.com/fastmath-0.1.0.tar.gz", hashes: { sha256: "ab".repeat(32) }, yanked: false, source: "https://pypi.example.com/simple/" }],
};

test("release records are shared, so a worker with an empty cache needs no index request", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    await a.cache.releases.put(record);
    assert.ok([...store.objects.keys()].some((k) => k.startsWith("index-v1/releases/fastmath/0.1.0/")));

    const b = await openWorker(dir, "b", store);
    assert.deepEqual(await b.cache.releases.get("fastmath", "0.1.0", record.sourceKey), record);
    store.calls.length = 0;
    assert.deepEqual(await b.cache.releases.get("fastmath", "0.1.0", record.sourceKey), record);
    assert.deepEqual(store.calls, [], "stored locally after the first fetch");
    assert.equal(await b.cache.releases.get("fastmath", "0.1.0", "index:https://other.example.com/simple/"), undefined, "another lookup path is another record");
  } finally {
    await cleanup();
  }
});

test("a remote record that answers another question is refused", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    await a.cache.releases.put(record);
    const [key] = [...store.objects.keys()];
    // Same path, but a record for another source key (a forged or colliding record).
    store.objects.set(key ?? "", Buffer.from(JSON.stringify({ format: 1, record: { ...record, sourceKey: "index:https://evil.example.com/" } })));
    const b = await openWorker(dir, "b", store);
    assert.equal(await b.cache.releases.get("fastmath", "0.1.0", record.sourceKey), undefined);
    assert.equal(b.cache.remote?.stats().errors, 1);
  } finally {
    await cleanup();
  }
});

test("file records (URL → sha256) are shared merged", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    const url = "https://files.example.com/hello-1.0.tar.gz";
    await a.cache.releases.putFile({ url, sha256: "cd".repeat(32), size: 10 });
    await a.cache.releases.putFile({ url, metadataSha256: "ef".repeat(32) });
    const b = await openWorker(dir, "b", store);
    assert.deepEqual(await b.cache.releases.getFile(url), { url, sha256: "cd".repeat(32), size: 10, metadataSha256: "ef".repeat(32) });
    assert.equal(await b.cache.releases.getFile("https://files.example.com/other.tar.gz"), undefined);
  } finally {
    await cleanup();
  }
});
