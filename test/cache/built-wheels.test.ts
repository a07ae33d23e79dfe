import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { openCache } from "../../src/cache/cache.js";
import { tempDir } from "../helpers/env.js";

test("a built wheel is stored under its real filename by build key, and the first writer wins", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir: path.join(dir, "cache") });
    await mkdir(path.join(dir, "out"));
    const wheel = path.join(dir, "out", "fastmath-1.0-cp311-cp311-linux_x86_64.whl");
    await writeFile(wheel, "wheel bytes");
    const key = "sdist=ab12|cp311|linux_x86_64|glibc2.36|settings=00";
    assert.equal(await cache.builtWheels.get(key), undefined);
    const stored = await cache.builtWheels.put(key, wheel);
    assert.equal(path.basename(stored.path), "fastmath-1.0-cp311-cp311-linux_x86_64.whl");
    assert.equal(stored.sha256, createHash("sha256").update("wheel bytes").digest("hex"));
    assert.ok(stored.path.startsWith(path.join(cache.dir, "wheels-v1")));
    assert.deepEqual(await cache.builtWheels.get(key), stored);
    assert.equal(await cache.builtWheels.get(`${key}|other`), undefined);

    await writeFile(wheel, "different bytes from a second build");
    const [a, b] = await Promise.all([cache.builtWheels.put(key, wheel), cache.builtWheels.put(key, wheel)]);
    assert.deepEqual(a, stored);
    assert.deepEqual(b, stored);
    assert.equal(await readFile(stored.path, "utf8"), "wheel bytes");
    assert.deepEqual(await readdir(cache.tmpDir), []);
  } finally {
    await cleanup();
  }
});

test("logs and build environments have their own buckets", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir });
    assert.equal(cache.logPath("fastmath-1.0 cp311.log"), path.join(dir, "logs-v1", "fastmath-1.0_cp311.log"));
    assert.equal(path.dirname(cache.logPath("../evil")), path.join(dir, "logs-v1"), "a name cannot leave the bucket");
    assert.ok(!path.basename(cache.logPath("..")).startsWith("."));
    assert.equal(cache.envsDir, path.join(dir, "envs-v1"));
  } finally {
    await cleanup();
  }
});
