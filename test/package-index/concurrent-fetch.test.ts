import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { execa } from "execa";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startTinyIndex } from "../helpers/tiny-index.js";
import { repoRoot } from "../helpers/paths.js";

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

test("two processes fetching the same pins into one cache both succeed and leave it consistent", async () => {
  const { dir, cleanup } = await tempDir();
  // Hold every file request until both processes have asked for it, so their writes really overlap.
  const waiting = new Map<string, { count: number; release: () => void; ready: Promise<void> }>();
  const barrier = (key: string) => {
    let entry = waiting.get(key);
    if (!entry) {
      let release = () => {};
      const ready = new Promise<void>((resolve) => (release = resolve));
      entry = { count: 0, release, ready };
      waiting.set(key, entry);
    }
    entry.count++;
    if (entry.count >= 2) entry.release();
    return Promise.race([entry.ready, new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]);
  };
  const specs = Array.from({ length: 6 }, (_, i) => ({ name: `pkg${i}`, version: "1.0", padding: 100_000 }));
  const { server } = await startTinyIndex(path.join(dir, "dists"), specs, {
    intercept: async (req) => {
      if (req.url?.startsWith("/files/")) await barrier(req.url);
      return false;
    },
  });
  try {
    const cacheDir = path.join(dir, "cache");
    const args = JSON.stringify({ cacheDir, indexUrl: server.url, pins: specs.map((s) => ({ project: s.name, version: s.version })) });
    const worker = path.join(repoRoot, "dist", "test", "helpers", "fetch-worker.js");
    const [a, b] = await Promise.all([0, 1].map(() => execa(process.execPath, [worker, args], { env: cleanEnv(), extendEnv: false })));
    const ra = JSON.parse(a?.stdout ?? "[]") as { filename: string; sha256: string }[];
    const rb = JSON.parse(b?.stdout ?? "[]") as { filename: string; sha256: string }[];
    assert.equal(ra.length, 6);
    assert.deepEqual(ra.map((r) => r.sha256), rb.map((r) => r.sha256));
    assert.ok([...waiting.values()].every((w) => w.count === 2), "both processes downloaded every file");

    const content = await walk(path.join(cacheDir, "content-v1"));
    assert.equal(content.length, 6);
    for (const file of content) {
      assert.equal(createHash("sha256").update(await readFile(file)).digest("hex"), path.basename(file), file);
    }
    assert.deepEqual(await walk(path.join(cacheDir, "tmp")), [], "no temp file left");
    for (const record of await walk(path.join(cacheDir, "index-v1"))) JSON.parse(await readFile(record, "utf8"));
  } finally {
    await server.stop();
    await cleanup();
  }
});
