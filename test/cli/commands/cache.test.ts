import assert from "node:assert/strict";
import { utimes } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { openCache } from "../../../src/cache/cache.js";
import { parseAge } from "../../../src/cli/commands/cache.js";
import { runCli } from "../../helpers/cli.js";
import { cleanEnv, tempDir } from "../../helpers/env.js";

interface Doc {
  ok: boolean;
  result: Record<string, unknown> & { dir: string; removedEntries?: number; buckets?: Record<string, { entries: number }>; remote?: { configured: boolean } };
  error?: { code: string };
}

async function json(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; doc: Doc }> {
  const res = await runCli(["--json", "cache", ...args], { env });
  return { code: res.code, doc: JSON.parse(res.stdout) as Doc };
}

test("cache dir prints where the cache is: --cache-dir, else PYVENDOR_CACHE_DIR", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(dir, "env-cache") });
    const plain = await runCli(["cache", "dir"], { env });
    assert.equal(plain.stdout, `${path.join(dir, "env-cache")}\n`);
    assert.equal((await json(["dir", "--cache-dir", path.join(dir, "flag")], env)).doc.result.dir, path.join(dir, "flag"));
  } finally {
    await cleanup();
  }
});

test("cache info, clean and prune report what is there and what they removed", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cache = await openCache({ dir });
    const old = await cache.content.putStream(Readable.from([Buffer.from("old")]), { name: "old" });
    await cache.content.putStream(Readable.from([Buffer.from("fresh")]), { name: "fresh" });
    await cache.releases.put({ project: "a", version: "1", sourceKey: "k", files: [] });
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await utimes(old.path, longAgo, longAgo);
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: dir });

    const info = await json(["info"], env);
    assert.equal(info.code, 0);
    assert.equal(info.doc.result.buckets?.["content-v1"]?.entries, 2);
    assert.deepEqual(info.doc.result.remote, { configured: false });
    const human = await runCli(["cache", "info"], { env });
    assert.match(human.stdout, /^ {2}content-v1 +2 entries +8 B$/m);
    assert.match(human.stdout, /^remote cache: not configured/m);

    const plainPrune = await runCli(["cache", "prune", "--older-than", "2w"], { env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(dir, "empty") }) });
    assert.match(plainPrune.stdout, /^removed 0 entries \(0 B\) unused for more than 2w from /);
    const zero = await runCli(["cache", "prune", "--older-than", "0d"], { env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(dir, "empty") }) });
    assert.match(zero.stdout, /unused for more than 0s from /, "0d is no time at all, not 0w");
    const pruned = await json(["prune", "--older-than", "30d"], env);
    assert.equal(pruned.doc.result.removedEntries, 1);
    assert.equal(await cache.content.get(old.sha256), undefined);

    const cleaned = await json(["clean", "index-v1"], env);
    assert.equal(cleaned.doc.result.removedEntries, 1);
    const bad = await json(["clean", "nope"], env);
    assert.equal(bad.code, 1);
    assert.equal(bad.doc.error?.code, "E_USAGE");
    const all = await runCli(["cache", "clean"], { env });
    assert.match(all.stdout, /^removed 1 entry \(5 B\) from /);
  } finally {
    await cleanup();
  }
});

test("ages are a number and a unit; a bare number is days", () => {
  assert.equal(parseAge("30d"), 30 * 86_400_000);
  assert.equal(parseAge("12h"), 12 * 3_600_000);
  assert.equal(parseAge("2w"), 14 * 86_400_000);
  assert.equal(parseAge("90m"), 90 * 60_000);
  assert.equal(parseAge("7"), 7 * 86_400_000);
  assert.throws(() => parseAge("soon"));
  assert.throws(() => parseAge("-1d"));
});
