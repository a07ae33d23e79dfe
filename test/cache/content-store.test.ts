import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { openCache } from "../../src/cache/cache.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function withCache<T>(fn: (cache: Awaited<ReturnType<typeof openCache>>) => Promise<T>): Promise<T> {
  const { dir, cleanup } = await tempDir();
  try {
    return await fn(await openCache({ dir }));
  } finally {
    await cleanup();
  }
}

test("putStream stores content under content-v1/sha256/ab/cd/<hex> and get finds it", () =>
  withCache(async (cache) => {
    const body = Buffer.from("hello wheel");
    const stored = await cache.content.putStream(Readable.from([body]), { name: "x.whl" });
    const hex = sha(body);
    assert.deepEqual(stored, { sha256: hex, size: body.length, path: path.join(cache.dir, "content-v1", "sha256", hex.slice(0, 2), hex.slice(2, 4), hex) });
    assert.equal(await cache.content.get(hex), stored.path);
    assert.equal(await cache.content.get(hex, { verify: true }), stored.path);
    assert.equal(await cache.content.get("0".repeat(64)), undefined);
    assert.deepEqual(await readdir(cache.tmpDir), []);
  }));

test("a wrong expected hash or size stores nothing and leaves no temp file", () =>
  withCache(async (cache) => {
    await assert.rejects(cache.content.putStream(Readable.from([Buffer.from("abc")]), { name: "a", sha256: "0".repeat(64) }), (e: unknown) =>
      isPyvendorError(e, "E_HASH_MISMATCH") && e.message.includes(sha("abc")),
    );
    await assert.rejects(cache.content.putStream(Readable.from([Buffer.from("abc")]), { name: "a", size: 4 }), (e: unknown) =>
      isPyvendorError(e, "E_HASH_MISMATCH"),
    );
    await assert.rejects(
      cache.content.putStream(Readable.from([Buffer.from("abc")]), { name: "a", verify: () => { throw new Error("no"); } }),
      /no/,
    );
    assert.equal(await cache.content.get(sha("abc")), undefined);
    assert.deepEqual(await readdir(cache.tmpDir), []);
  }));

test("a stream that fails midway leaves no entry and no temp file", () =>
  withCache(async (cache) => {
    const broken = new Readable({
      read() {
        this.push(Buffer.from("partial"));
        this.destroy(new Error("connection reset"));
      },
    });
    await assert.rejects(cache.content.putStream(broken, { name: "b" }), /connection reset/);
    assert.equal(await cache.content.get(sha("partial")), undefined);
    assert.deepEqual(await readdir(cache.tmpDir), []);
  }));

test("concurrent writers of the same content: one entry, never overwritten, all succeed", () =>
  withCache(async (cache) => {
    const body = Buffer.alloc(1 << 20, 7);
    const results = await Promise.all(Array.from({ length: 8 }, () => cache.content.putStream(Readable.from([body]), { name: "same" })));
    assert.equal(new Set(results.map((r) => r.path)).size, 1);
    const first = results[0]?.path ?? "";
    assert.equal(sha(await readFile(first)), sha(body));
    assert.deepEqual(await readdir(cache.tmpDir), []);
  }));

test("putFile copies a local file; a corrupted entry is removed and reported as E_CACHE_CORRUPT", () =>
  withCache(async (cache) => {
    const src = path.join(cache.dir, "src.bin");
    await writeFile(src, "payload");
    const stored = await cache.content.putFile(src, { sha256: sha("payload") });
    await writeFile(stored.path, "tampered");
    await assert.rejects(cache.content.get(stored.sha256, { verify: true }), (e: unknown) => isPyvendorError(e, "E_CACHE_CORRUPT"));
    assert.equal(await cache.content.get(stored.sha256), undefined, "the bad entry is gone");
  }));
