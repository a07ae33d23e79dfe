import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Cache } from "../../src/cache/cache.js";
import { isPyvendorError } from "../../src/errors.js";
import { downloadFiles, fetchCoreMetadata, findReleases, releaseKey, type FetchContext } from "../../src/package-index/fetch.js";
import type { DistributionFile } from "../../src/package-index/finder.js";
import { tempDir } from "../helpers/env.js";
import { makeWheel } from "../helpers/tiny-dist.js";
import type { Fault, FaultRequest, IndexServerOptions } from "../helpers/index-server.js";
import { recorder, startTinyIndex, testCache, testSettings, type TinySpec } from "../helpers/tiny-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir();
});
after(() => work.cleanup());

const SPECS: TinySpec[] = [
  { name: "alpha", version: "1.0", padding: 300_000 },
  { name: "alpha", version: "1.0", kind: "sdist" },
  { name: "beta", version: "2.0" },
];

/** A fresh index with SPECS (and options), a fresh cache, test settings, and an event recorder. */
async function setup(options: Omit<IndexServerOptions, "files"> = {}, specs = SPECS) {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const { server, paths } = await startTinyIndex(path.join(dir, "dists"), specs, options);
  const cache = await testCache(dir);
  const { events: log, sink } = recorder();
  const settings = testSettings({ indexUrl: server.url });
  return { dir, server, paths, cache, settings, log, sink };
}

const sha256Of = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

async function contentFiles(cache: Cache): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(path.join(d, e.name));
      else out.push(e.name);
    }
  };
  await walk(path.join(cache.dir, "content-v1"));
  return out;
}

/** Injects `fault` on the first `times` requests whose path ends with `suffix`. */
function faultOn(suffix: string, fault: Fault, times = 1): (r: FaultRequest) => Fault | undefined {
  return (r) => (r.path.endsWith(suffix) && r.count <= times ? fault : undefined);
}

async function fetchAll(ctx: FetchContext, pins = [["alpha", "1.0"], ["beta", "2.0"]]) {
  const releases = await findReleases(pins.map(([project = "", version = ""]) => ({ project, version })), ctx);
  const files = [...releases.values()].flat();
  return downloadFiles(files.map((file) => ({ file, expectedHashes: [] })), ctx);
}

test("downloads every file in parallel, verified, into the cache, with progress events", async () => {
  const s = await setup();
  try {
    const results = await fetchAll({ cache: s.cache, settings: s.settings, events: s.sink });
    assert.equal(results.length, 3);
    for (const r of results) {
      assert.equal(r.fromCache, false);
      assert.equal(await sha256Of(r.path), r.sha256);
      assert.equal(path.basename(r.path), r.sha256);
      assert.ok(r.path.startsWith(path.join(s.cache.dir, "content-v1", "sha256", r.sha256.slice(0, 2), r.sha256.slice(2, 4))));
    }
    const big = results.find((r) => r.file.filename.startsWith("alpha-1.0-py3"));
    const progress = s.log.filter((e) => e.type === "download-progress" && e.file === big?.file.filename);
    assert.ok(progress.length >= 2, "a 300 KB file reports progress more than once");
    assert.ok(s.log.some((e) => e.type === "download-start" && e.file === big?.file.filename && e.size === big?.size));
    assert.equal(s.log.filter((e) => e.type === "download-end" && !e.fromCache).length, 3);
  } finally {
    await s.server.stop();
  }
});

test("the second fetch of the same pins sends zero requests, and works with the index stopped", async () => {
  const s = await setup();
  await fetchAll({ cache: s.cache, settings: s.settings });
  s.server.reset();
  const again = await fetchAll({ cache: await testCache(s.dir), settings: s.settings, events: s.sink });
  assert.equal(s.server.requests.length, 0, "no request at all for an all-cached run");
  assert.ok(again.every((r) => r.fromCache));
  await s.server.stop();
  const stopped = await fetchAll({ cache: await testCache(s.dir), settings: s.settings });
  assert.deepEqual(stopped.map((r) => r.sha256), again.map((r) => r.sha256));
});

const transient: [string, Fault][] = [
  ["a dropped connection", { kind: "drop" }],
  ["HTTP 500", { kind: "status", status: 500 }],
  ["HTTP 503 with Retry-After", { kind: "status", status: 503, retryAfter: "30" }],
  ["HTTP 429", { kind: "status", status: 429, retryAfter: "Wed, 21 Oct 2099 07:28:00 GMT" }],
  ["a stall past the timeout", { kind: "stall" }],
  ["a body that stalls halfway", { kind: "stall-body" }],
  ["a truncated body", { kind: "truncate" }],
];

for (const [name, fault] of transient) {
  test(`survives ${name} (twice) on a file and on a page, with zero delays`, async () => {
    const s = await setup({
      faults: (r) => faultOn(".whl", fault, 2)(r) ?? faultOn("/simple/beta/", fault, 2)(r),
    });
    try {
      const settings = { ...s.settings, timeoutMs: 500 };
      const results = await fetchAll({ cache: s.cache, settings, events: s.sink });
      for (const r of results) assert.equal(await sha256Of(r.path), r.file.hashes.sha256);
      const retries = s.log.filter((e) => e.type === "download-retry");
      assert.ok(retries.length >= 6, `expected retries for 2 wheels and a page, got ${retries.length}`);
      assert.ok(retries.every((e) => e.type === "download-retry" && e.delayMs === 0));
      assert.deepEqual(await readdir(s.cache.tmpDir), [], "no temp file left");
    } finally {
      await s.server.stop();
    }
  });
}

test("a persistent server error ends in E_DOWNLOAD_FAILED after the configured attempts", async () => {
  const s = await setup({ faults: faultOn("beta-2.0-py3-none-any.whl", { kind: "status", status: 503 }, 100) });
  try {
    const settings = { ...s.settings, retries: 2 };
    await assert.rejects(fetchAll({ cache: s.cache, settings }), (e: unknown) =>
      isPyvendorError(e, "E_DOWNLOAD_FAILED") && e.data.attempts === 3 && e.data.status === 503 && e.message.includes("beta-2.0"),
    );
    assert.equal(s.server.requests.filter((r) => r.url.endsWith("beta-2.0-py3-none-any.whl")).length, 3);
    assert.equal((await contentFiles(s.cache)).length, 2, "the other files were still cached");
  } finally {
    await s.server.stop();
  }
});

test("a persistent page failure ends in E_INDEX_ERROR / E_INDEX_UNREACHABLE", async () => {
  const s = await setup({
    faults: (r) => (r.path === "/simple/alpha/" ? { kind: "status", status: 502 } : r.path === "/simple/beta/" ? { kind: "truncate" } : undefined),
  });
  try {
    const ctx = { cache: s.cache, settings: { ...s.settings, retries: 1 } };
    await assert.rejects(findReleases([{ project: "alpha", version: "1.0" }], ctx), (e: unknown) => isPyvendorError(e, "E_INDEX_ERROR") && e.data.attempts === 2);
    await assert.rejects(findReleases([{ project: "beta", version: "2.0" }], ctx), (e: unknown) => isPyvendorError(e, "E_INDEX_UNREACHABLE"));
  } finally {
    await s.server.stop();
  }
});

test("wrong bytes: E_HASH_MISMATCH naming expected and actual, not retried, never cached", async () => {
  const s = await setup({ faults: faultOn("beta-2.0-py3-none-any.whl", { kind: "wrong-bytes" }, 100) });
  try {
    await assert.rejects(fetchAll({ cache: s.cache, settings: s.settings }), (e: unknown) => {
      if (!isPyvendorError(e, "E_HASH_MISMATCH")) return false;
      const expected = (e.data.expected as string[])[0] ?? "";
      return e.message.includes(expected) && e.message.includes(String(e.data.actual)) && expected !== e.data.actual;
    });
    assert.equal(s.server.requests.filter((r) => r.url.endsWith("beta-2.0-py3-none-any.whl")).length, 1);
    const stored = await contentFiles(s.cache);
    const good = await sha256Of(s.paths[2] ?? "");
    assert.ok(!stored.includes(good));
    for (const name of stored) assert.ok([await sha256Of(s.paths[0] ?? ""), await sha256Of(s.paths[1] ?? "")].includes(name));
    assert.deepEqual(await readdir(s.cache.tmpDir), []);
  } finally {
    await s.server.stop();
  }
});

test("requirement hashes are alternatives: one must match, else E_HASH_MISMATCH and nothing cached", async () => {
  const s = await setup();
  try {
    const releases = await findReleases([{ project: "beta", version: "2.0" }], s);
    const file = releases.get(releaseKey("beta", "2.0"))?.[0] as DistributionFile;
    const good = `sha256:${file.hashes.sha256}`;
    const bad = `sha256:${"0".repeat(64)}`;
    await assert.rejects(downloadFiles([{ file, expectedHashes: [bad] }], s), (e: unknown) =>
      isPyvendorError(e, "E_HASH_MISMATCH") && e.message.includes("0".repeat(64)),
    );
    assert.deepEqual(await contentFiles(s.cache), []);
    const [ok] = await downloadFiles([{ file, expectedHashes: [bad, good] }], s);
    assert.equal(ok?.sha256, file.hashes.sha256);
    await assert.rejects(downloadFiles([{ file, expectedHashes: [bad] }], s), (e: unknown) => isPyvendorError(e, "E_HASH_MISMATCH"), "also when cached");
  } finally {
    await s.server.stop();
  }
});

for (const [status, code] of [
  [401, "E_AUTH_REQUIRED"],
  [403, "E_FORBIDDEN"],
  [404, "E_DOWNLOAD_FAILED"],
] as const) {
  test(`HTTP ${status} on a file is ${code} after one request`, async () => {
    const s = await setup({ faults: faultOn("beta-2.0-py3-none-any.whl", { kind: "status", status }, 100) });
    try {
      await assert.rejects(fetchAll({ cache: s.cache, settings: s.settings }), (e: unknown) => isPyvendorError(e, code) && e.message.includes(s.server.origin));
      assert.equal(s.server.requests.filter((r) => r.url.endsWith("beta-2.0-py3-none-any.whl")).length, 1);
    } finally {
      await s.server.stop();
    }
  });
}

for (const [status, code] of [
  [401, "E_AUTH_REQUIRED"],
  [403, "E_FORBIDDEN"],
] as const) {
  test(`HTTP ${status} on a project page is ${code}, and the next index is not asked`, async () => {
    const s = await setup({ faults: faultOn("/simple/beta/", { kind: "status", status }, 100) });
    const other = await startTinyIndex(path.join(s.dir, "other"), [{ name: "beta", version: "2.0" }]);
    try {
      const settings = testSettings({ indexUrl: s.server.url, extraIndexUrls: [other.server.url] });
      await assert.rejects(findReleases([{ project: "beta", version: "2.0" }], { cache: s.cache, settings }), (e: unknown) =>
        isPyvendorError(e, code) && e.message.includes(s.server.url),
      );
      assert.equal(other.server.requests.length, 0);
    } finally {
      await s.server.stop();
      await other.server.stop();
    }
  });
}

test("offline: nothing touches the network and one E_OFFLINE_MISSING lists everything missing", async () => {
  const s = await setup();
  try {
    const offline = { ...s.settings, offline: true };
    const pins = [{ project: "alpha", version: "1.0" }, { project: "beta", version: "2.0" }, { project: "gamma", version: "3.0" }];
    await assert.rejects(findReleases(pins, { cache: s.cache, settings: offline }), (e: unknown) => {
      if (!isPyvendorError(e, "E_OFFLINE_MISSING")) return false;
      const missing = e.data.missing as { project: string; version: string }[];
      return missing.length === 3 && missing.map((m) => `${m.project}==${m.version}`).join() === "alpha==1.0,beta==2.0,gamma==3.0";
    });
    assert.equal(s.server.requests.length, 0);

    const releases = await findReleases(pins.slice(0, 2), s);
    const files = [...releases.values()].flat();
    await downloadFiles([{ file: files[0] as DistributionFile, expectedHashes: [] }], s);
    s.server.reset();
    await assert.rejects(
      downloadFiles(files.map((file) => ({ file, expectedHashes: [] })), { cache: s.cache, settings: offline }),
      (e: unknown) =>
        isPyvendorError(e, "E_OFFLINE_MISSING") &&
        (e.data.missing as { filename: string }[]).map((m) => m.filename).sort().join() === files.slice(1).map((f) => f.filename).sort().join(),
    );
    assert.equal(s.server.requests.length, 0);
  } finally {
    await s.server.stop();
  }
});

for (const metadata of ["core", "dist-info"] as const) {
  test(`fetchCoreMetadata reads a wheel's METADATA without the wheel (${metadata} attribute), then from the cache`, async () => {
    const s = await setup({ metadata }, [{ name: "beta", version: "2.0", dependencies: ["alpha>=1"] }]);
    try {
      const [file] = (await findReleases([{ project: "beta", version: "2.0" }], s)).get("beta==2.0") ?? [];
      assert.equal(file?.coreMetadata, true);
      const text = await fetchCoreMetadata(file as DistributionFile, s);
      assert.match(text ?? "", /^Requires-Dist: alpha>=1$/m);
      assert.ok(!s.server.requests.some((r) => r.url.endsWith(".whl")), "the wheel itself was not downloaded");
      s.server.reset();
      assert.equal(await fetchCoreMetadata(file as DistributionFile, { ...s, settings: { ...s.settings, offline: true } }), text);
      assert.equal(s.server.requests.length, 0);
    } finally {
      await s.server.stop();
    }
  });
}

test("fetchCoreMetadata gives undefined when the index offers no metadata file", async () => {
  const s = await setup({}, [{ name: "beta", version: "2.0" }]);
  try {
    const [file] = (await findReleases([{ project: "beta", version: "2.0" }], s)).get("beta==2.0") ?? [];
    assert.equal(await fetchCoreMetadata(file as DistributionFile, s), undefined);
  } finally {
    await s.server.stop();
  }
});

test("a corrupted cache entry is detected, reported, and fetched again", async () => {
  const s = await setup();
  try {
    const [first] = await fetchAll({ cache: s.cache, settings: s.settings }, [["beta", "2.0"]]);
    await writeFile((first as { path: string }).path, "garbage");
    const [again] = await fetchAll({ cache: s.cache, settings: s.settings, events: s.sink }, [["beta", "2.0"]]);
    assert.equal(again?.fromCache, false);
    assert.equal(await sha256Of(again?.path ?? ""), again?.sha256);
    assert.ok(s.log.some((e) => e.type === "warning" && e.code === "E_CACHE_CORRUPT"));
  } finally {
    await s.server.stop();
  }
});

test("offline, files from a local find-links directory are still copied in (no network involved)", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const wheel = await makeWheel(path.join(dir, "wheelhouse"), { name: "local", version: "1.0" });
  const cache = await testCache(dir);
  const settings = testSettings({ noIndex: true, findLinks: [path.dirname(wheel)], offline: true });
  const releases = await findReleases([{ project: "local", version: "1.0" }], { cache, settings });
  const [result] = await downloadFiles([...releases.values()].flat().map((file) => ({ file, expectedHashes: [] })), { cache, settings });
  assert.equal(result?.sha256, await sha256Of(wheel));
});
