import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { test } from "node:test";
import { tempDir } from "../helpers/env.js";
import { memoryObjectStore, openWorker } from "../helpers/remote-cache.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const put = (text: string) => Readable.from([Buffer.from(text)]);

test("what one worker downloads, another gets from the remote level, verified, and then has locally", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const a = await openWorker(dir, "a", store);
    const stored = await a.cache.content.putStream(put("sdist bytes"), { name: "pkg-1.0.tar.gz" });
    const key = `content-v1/sha256/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`;
    assert.equal(store.objects.get(key)?.toString(), "sdist bytes");
    assert.equal(a.cache.remote?.stats().uploads, 1);

    const b = await openWorker(dir, "b", store);
    const got = await b.cache.content.get(stored.sha256);
    assert.ok(got?.startsWith(b.cache.dir));
    assert.equal(await readFile(got ?? "", "utf8"), "sdist bytes");
    store.calls.length = 0;
    assert.equal(await b.cache.content.get(stored.sha256, { verify: true }), got, "now a local hit");
    assert.deepEqual(store.calls, [], "a local hit asks nothing remotely");
    assert.deepEqual({ ...b.cache.remote?.stats(), location: undefined }, { location: undefined, readOnly: false, hits: 1, misses: 0, uploads: 0, errors: 0 });
    assert.equal(await b.cache.content.get(sha("never stored")), undefined);
    assert.equal(b.cache.remote?.stats().misses, 1);
  } finally {
    await cleanup();
  }
});

test("a remote object whose bytes do not match its sha256 is not used: a miss, one warning", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const want = sha("the real bytes");
    store.objects.set(`content-v1/sha256/${want.slice(0, 2)}/${want.slice(2, 4)}/${want}`, Buffer.from("tampered bytes"));
    const b = await openWorker(dir, "b", store);
    assert.equal(await b.cache.content.get(want), undefined);
    assert.equal(await b.cache.content.get(want), undefined);
    assert.equal(b.cache.remote?.stats().errors, 2);
    assert.equal(b.warnings().length, 1);
    assert.match(b.warnings()[0] ?? "", /integrity check failed|does not match/);
    // An integrity failure is about one object: the remote level stays on.
    await b.cache.content.putStream(put("fresh"), { name: "fresh" });
    assert.equal(b.cache.remote?.stats().uploads, 1);
  } finally {
    await cleanup();
  }
});

test("read-only mode uploads nothing", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = memoryObjectStore();
    const dev = await openWorker(dir, "dev", store, { readOnly: true });
    await dev.cache.content.putStream(put("local only"), { name: "x" });
    assert.deepEqual(store.calls, []);
    assert.equal(dev.cache.remote?.stats().uploads, 0);
  } finally {
    await cleanup();
  }
});
