import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { openCache } from "../../src/cache/cache.js";
import { cleanCache } from "../../src/cache/maintenance.js";
import { loadRemoteStats, REMOTE_STATS_FILE, saveRemoteStats } from "../../src/cache/remote-stats.js";
import { tempDir } from "../helpers/env.js";

const stats = { location: "s3://ci-cache/team", readOnly: false, hits: 3, misses: 1, uploads: 2, errors: 0 };

test("the last pack's counts are saved atomically in the cache directory and survive `cache clean`", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir });
    assert.equal(await loadRemoteStats(dir), undefined);
    await saveRemoteStats(dir, stats, new Date("2024-05-01T12:00:00Z"));
    await saveRemoteStats(dir, { ...stats, hits: 4 }, new Date("2024-05-02T12:00:00Z"));
    assert.deepEqual(await loadRemoteStats(dir), { ...stats, hits: 4, finishedAt: "2024-05-02T12:00:00.000Z" });
    assert.deepEqual(await readdir(cache.tmpDir), [], "no temp file left behind");
    await cleanCache({ dir });
    assert.equal((await loadRemoteStats(dir))?.hits, 4);
  } finally {
    await cleanup();
  }
});

test("a damaged stats file reads as none", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, REMOTE_STATS_FILE), "{not json");
    assert.equal(await loadRemoteStats(dir), undefined);
    await writeFile(path.join(dir, REMOTE_STATS_FILE), JSON.stringify({ format: 2, stats }));
    assert.equal(await loadRemoteStats(dir), undefined);
  } finally {
    await cleanup();
  }
});
