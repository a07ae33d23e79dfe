import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { openCache } from "../../src/cache/cache.js";
import { tempDir } from "../helpers/env.js";

test("release records round-trip per (project, version, lookup path); file records merge", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir });
    const record = {
      project: "alpha",
      version: "1.0",
      sourceKey: '{"asked":["https://a/simple/"]}',
      files: [{ filename: "alpha-1.0.tar.gz", url: "https://a/f/alpha-1.0.tar.gz", hashes: { sha256: "ab" }, yanked: false as const, source: "https://a/simple/" }],
    };
    await cache.releases.put(record);
    assert.deepEqual(await cache.releases.get("alpha", "1.0", record.sourceKey), record);
    assert.equal(await cache.releases.get("alpha", "1.0", '{"asked":["https://b/simple/"]}'), undefined);
    assert.equal(await cache.releases.get("alpha", "1.1", record.sourceKey), undefined);

    await cache.releases.putFile({ url: "https://a/f/x.whl", metadataSha256: "mm" });
    await cache.releases.putFile({ url: "https://a/f/x.whl", sha256: "ss", size: 3 });
    assert.deepEqual(await cache.releases.getFile("https://a/f/x.whl"), { url: "https://a/f/x.whl", metadataSha256: "mm", sha256: "ss", size: 3 });
    assert.deepEqual(await readdir(cache.tmpDir), []);
  } finally {
    await cleanup();
  }
});

test("a damaged record reads as absent", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir });
    await cache.releases.put({ project: "p", version: "1", sourceKey: "k", files: [] });
    const walk = async (d: string): Promise<string[]> =>
      (await readdir(d, { withFileTypes: true })).flatMap((e) => (e.isDirectory() ? [] : [path.join(d, e.name)])).concat(
        ...(await Promise.all((await readdir(d, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => walk(path.join(d, e.name))))),
      );
    const [file] = await walk(path.join(dir, "index-v1"));
    await writeFile(file ?? "", "{ not json");
    assert.equal(await cache.releases.get("p", "1", "k"), undefined);
  } finally {
    await cleanup();
  }
});
