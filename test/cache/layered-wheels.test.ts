import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import type { BuiltWheelKeyParts } from "../../src/cache/built-wheels.js";
import { tempDir } from "../helpers/env.js";
import { memoryObjectStore, openWorker } from "../helpers/remote-cache.js";

const SDIST = "5d".repeat(32);
const SETTINGS = "0123456789abcdef".repeat(4);
const native: BuiltWheelKeyParts = { hash: "k-native", sdistSha256: SDIST, target: "cp311-cp311-linux_x86_64", glibc: "2.36", settingsKey: SETTINGS };
const pure: BuiltWheelKeyParts = { hash: "k-pure", sdistSha256: SDIST, target: "pure", settingsKey: SETTINGS };

async function wheelFile(dir: string, name: string, bytes: string): Promise<string> {
  await mkdir(path.join(dir, "out"), { recursive: true });
  const file = path.join(dir, "out", name);
  await writeFile(file, bytes);
  return file;
}

test("a built wheel is shared under a complete, readable key, and another worker gets the same bytes and info", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    const file = await wheelFile(dir, "fastmath-0.1.0-cp311-cp311-linux_x86_64.whl", "native wheel");
    const stored = await a.cache.builtWheels.put(native, file, { build: { frontend: "pip" } });
    const folder = `wheels-v1/${SDIST}/cp311-cp311-linux_x86_64-glibc2.36-0123456789abcdef`;
    assert.deepEqual([...store.objects.keys()].sort(), [
      `${folder}/${stored.sha256}/fastmath-0.1.0-cp311-cp311-linux_x86_64.whl`,
      `${folder}/entry.json`,
    ]);

    const b = await openWorker(dir, "b", store);
    const got = await b.cache.builtWheels.get(native);
    assert.equal(got?.sha256, stored.sha256);
    assert.deepEqual(got?.info, { build: { frontend: "pip" } });
    assert.equal(path.basename(got?.path ?? ""), "fastmath-0.1.0-cp311-cp311-linux_x86_64.whl");
    assert.equal(await readFile(got?.path ?? "", "utf8"), "native wheel");
    // Another platform, glibc or settings is another entry: never someone else's binary.
    assert.equal(await b.cache.builtWheels.get({ ...native, hash: "k2", target: "cp311-cp311-linux_aarch64" }), undefined);
    assert.equal(await b.cache.builtWheels.get({ ...native, hash: "k3", glibc: "2.17" }), undefined);
    const c = await openWorker(dir, "c", store);
    assert.equal(await c.cache.builtWheels.get("k-native"), undefined, "remotely, a bare key string has its own folder");
  } finally {
    await cleanup();
  }
});

test("pure wheels and bare key strings have their own folders", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    await a.cache.builtWheels.put(pure, await wheelFile(dir, "hello-1.0-py3-none-any.whl", "pure"));
    await a.cache.builtWheels.put("f00d", await wheelFile(dir, "other-1.0-py3-none-any.whl", "other"));
    const keys = [...store.objects.keys()];
    assert.ok(keys.includes(`wheels-v1/${SDIST}/pure-0123456789abcdef/entry.json`), keys.join("\n"));
    assert.ok(keys.includes("wheels-v1/key/f00d/entry.json"), keys.join("\n"));
  } finally {
    await cleanup();
  }
});

test("a wheel that does not match its entry, or an entry for another key, is not used", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    const stored = await a.cache.builtWheels.put(native, await wheelFile(dir, "fastmath-0.1.0-cp311-cp311-linux_x86_64.whl", "native wheel"));
    const wheelKey = [...store.objects.keys()].find((k) => k.endsWith(".whl")) ?? "";
    store.objects.set(wheelKey, Buffer.from("native wheeL"));
    const b = await openWorker(dir, "b", store);
    assert.equal(await b.cache.builtWheels.get(native), undefined);
    assert.equal(b.cache.remote?.stats().errors, 1);

    store.objects.set(wheelKey, Buffer.from("native wheel"));
    const entryKey = [...store.objects.keys()].find((k) => k.endsWith("entry.json")) ?? "";
    const entry = JSON.parse(store.objects.get(entryKey)?.toString() ?? "{}") as Record<string, unknown>;
    store.objects.set(entryKey, Buffer.from(JSON.stringify({ ...entry, key: "another-key" })));
    const c = await openWorker(dir, "c", store);
    assert.equal(await c.cache.builtWheels.get(native), undefined);
    store.objects.set(entryKey, Buffer.from(JSON.stringify(entry)));
    assert.equal((await c.cache.builtWheels.get(native))?.sha256, stored.sha256);
  } finally {
    await cleanup();
  }
});

test("the first entry uploaded for a key wins, so every worker reuses the same wheel", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    const b = await openWorker(dir, "b", store);
    const name = "fastmath-0.1.0-cp311-cp311-linux_x86_64.whl";
    const first = await a.cache.builtWheels.put(native, await wheelFile(path.join(dir, "wa"), name, "build one"));
    await b.cache.builtWheels.put(native, await wheelFile(path.join(dir, "wb"), name, "build two (not reproducible)"));
    const c = await openWorker(dir, "c", store);
    assert.equal((await c.cache.builtWheels.get(native))?.sha256, first.sha256);
  } finally {
    await cleanup();
  }
});
