import assert from "node:assert/strict";
import { test } from "node:test";
import { remoteCacheStatus } from "../../src/cache/remote-status.js";
import { saveRemoteStats } from "../../src/cache/remote-stats.js";
import { tempDir } from "../helpers/env.js";
import { memoryObjectStore, TEST_S3 } from "../helpers/remote-cache.js";

test("without settings: not configured, with the last pack's counts if any", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    assert.deepEqual(await remoteCacheStatus({ dir, settings: undefined }), { configured: false });
    await saveRemoteStats(dir, { location: "s3://ci-cache", readOnly: true, hits: 1, misses: 0, uploads: 0, errors: 0 });
    assert.equal((await remoteCacheStatus({ dir, settings: undefined })).lastPack?.hits, 1);
  } finally {
    await cleanup();
  }
});

test("with settings: where it is, and whether it answers (never the credentials)", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const settings = { ...TEST_S3, prefix: "team", endpoint: "http://127.0.0.1:9000" };
    const ok = await remoteCacheStatus({ dir, settings, store });
    assert.deepEqual(ok, {
      configured: true,
      location: "s3://ci-cache/team",
      bucket: "ci-cache",
      prefix: "team",
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      readOnly: false,
      pathStyle: true,
      reachable: true,
    });
    store.fail = () => Object.assign(new Error("nope"), { name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } });
    const missing = await remoteCacheStatus({ dir, settings, store });
    assert.equal(missing.reachable, false);
    assert.equal(missing.problem, "the bucket does not exist (NoSuchBucket, HTTP 404)");
    assert.equal((await remoteCacheStatus({ dir, settings, store, probe: false })).reachable, undefined);
  } finally {
    await cleanup();
  }
});
