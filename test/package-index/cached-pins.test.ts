// Cached pins without the index: by hash, from an unshadowed source, or offline; else an error that names --offline.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Cache } from "../../src/cache/cache.js";
import type { ReleaseFileRecord } from "../../src/cache/release-store.js";
import { isPyvendorError } from "../../src/errors.js";
import { cachedFiles, chooseCached, type CachedFile } from "../../src/package-index/cached-pins.js";
import { downloadFiles, findReleases } from "../../src/package-index/fetch.js";
import { createFinder } from "../../src/package-index/finder.js";
import { tempDir } from "../helpers/env.js";
import { refusingUrl } from "../helpers/net.js";
import type { IndexServer } from "../helpers/index-server.js";
import { startTinyIndex, testCache, testSettings } from "../helpers/tiny-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: IndexServer;
let dead: string;

before(async () => {
  work = await tempDir();
  ({ server: index } = await startTinyIndex(path.join(work.dir, "dists"), [
    { name: "alpha", version: "1.0" },
    { name: "alpha", version: "1.0", kind: "sdist" },
    { name: "beta", version: "2.0" },
  ]));
  dead = await refusingUrl();
});
after(async () => {
  await index.stop();
  await work.cleanup();
});

/** A cache holding alpha 1.0's record and both its files, as a pack from `index` leaves it. */
async function filledCache(projects = ["alpha"]): Promise<{ cache: Cache; sha: Map<string, string> }> {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const cache = await testCache(dir);
  const settings = testSettings({ indexUrl: index.url });
  const versions: Record<string, string> = { alpha: "1.0", beta: "2.0" };
  const releases = await findReleases(projects.map((p) => ({ project: p, version: versions[p] ?? "" })), { cache, settings });
  const files = [...releases.values()].flat();
  const got = await downloadFiles(files.map((file) => ({ file, expectedHashes: [] })), { cache, settings });
  return { cache, sha: new Map(got.map((d) => [d.file.filename, d.sha256])) };
}

const record = (filename: string, source: string): ReleaseFileRecord => ({ filename, url: `${source}files/${filename}`, hashes: {}, yanked: false, source });
const cached = (filename: string, source: string, sha256: string): CachedFile => ({ record: record(filename, source), sha256 });

test("chooseCached: pinned hashes first, then unshadowed sources, then offline; else the sources", () => {
  const a = cached("alpha-1.0.tar.gz", "http://a/simple/", "a".repeat(64));
  const b = cached("alpha-1.0-py3-none-any.whl", "http://b/simple/", "b".repeat(64));
  const none = { hashes: [], sources: [], offline: false };
  assert.deepEqual(chooseCached([a, b], { ...none, hashes: [`SHA256:${"B".repeat(64)}`] }), { serve: true, files: [b.record], reason: "hash" });
  assert.deepEqual(chooseCached([a, b], { ...none, hashes: [`sha384:${"b".repeat(96)}`], sources: ["http://a/simple/"] }), {
    serve: true,
    files: [a.record],
    reason: "source",
  });
  assert.deepEqual(chooseCached([a, b], { ...none, offline: true }), { serve: true, files: [a.record, b.record], reason: "offline" });
  assert.deepEqual(chooseCached([b, a], none), { serve: false, sources: ["http://a/simple/", "http://b/simple/"] });
  assert.deepEqual(chooseCached([], { ...none, offline: true }), { serve: false, sources: [] });
});

test("cachedFiles: every lookup path's record, only files whose content is in the cache, sha256 from the download", async () => {
  const { cache, sha } = await filledCache();
  const files = await cachedFiles(cache, "alpha", "1.0");
  assert.deepEqual(files.map((f) => [f.record.filename, f.sha256]).sort(), [...sha.entries()].sort());
  assert.deepEqual(await cachedFiles(cache, "alpha", "9.9"), []);
  assert.deepEqual(await cachedFiles(cache, "beta", "2.0"), [], "recorded nowhere");
  const partial = await mkdtemp(path.join(work.dir, "t-"));
  const recordsOnly = await testCache(partial);
  await createFinder(testSettings({ indexUrl: index.url }), { cache: recordsOnly }).findRelease("alpha", "1.0", { exact: true });
  assert.deepEqual(await cachedFiles(recordsOnly, "alpha", "1.0"), [], "a record without content serves nothing");
});

test("a hash-pinned cached file is served with another index URL that refuses connections: no request", async () => {
  const { cache, sha } = await filledCache();
  index.reset();
  const sdist = sha.get("alpha-1.0.tar.gz") ?? "";
  const files = await createFinder(testSettings({ indexUrl: dead }), { cache }).findRelease("alpha", "1.0", {
    exact: true,
    hashes: [`sha256:${sdist}`],
  });
  assert.deepEqual(files.map((f) => f.filename), ["alpha-1.0.tar.gz"]);
  assert.equal(files[0]?.index, index.url, "the file says where it came from");
  const got = await downloadFiles(files.map((file) => ({ file, expectedHashes: [`sha256:${sdist}`] })), { cache, settings: testSettings({ indexUrl: dead }) });
  assert.equal(got[0]?.fromCache, true);
  assert.equal(index.requests.length, 0);
});

test("without hashes the unreachable index is an error naming the cached pins, their index and --offline; --offline serves them", async () => {
  const { cache } = await filledCache(["alpha", "beta"]);
  const settings = testSettings({ indexUrl: dead });
  await assert.rejects(
    findReleases([{ project: "alpha", version: "1.0" }, { project: "beta", version: "2.0" }], { cache, settings }),
    (e: unknown) => {
      assert.ok(isPyvendorError(e, "E_INDEX_UNREACHABLE"), String(e));
      assert.match(e.message, /2 pin\(s\) are in the cache from http:\/\/127\.0\.0\.1:\d+\/simple\//);
      assert.match(e.message, /alpha==1\.0/);
      assert.match(e.message, /beta==2\.0/);
      assert.match(e.hint ?? "", /--offline/);
      assert.deepEqual((e.data.cachedElsewhere as { project: string }[]).map((c) => c.project).sort(), ["alpha", "beta"]);
      return true;
    },
  );
  index.reset();
  const offline = await findReleases([{ project: "alpha", version: "1.0" }], { cache, settings: { ...settings, offline: true } });
  assert.deepEqual(offline.get("alpha==1.0")?.map((f) => f.filename).sort(), ["alpha-1.0-py3-none-any.whl", "alpha-1.0.tar.gz"]);
  assert.equal(index.requests.length, 0);
});

test("an index that was asked second and is now the first is trusted; an index behind another one is not (no shadowing)", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const empty = await startTinyIndex(path.join(dir, "empty"), [{ name: "beta", version: "2.0" }]);
  const other = await startTinyIndex(path.join(dir, "other"), [{ name: "alpha", version: "1.0", padding: 5 }]);
  try {
    const cache = await testCache(dir);
    // First pack: `empty` has no alpha, so `index`, asked second, answers and the record says so.
    const first = testSettings({ indexUrl: empty.server.url, extraIndexUrls: [index.url] });
    const [file] = (await findReleases([{ project: "alpha", version: "1.0" }], { cache, settings: first })).get("alpha==1.0") ?? [];
    assert.ok(file);
    await downloadFiles([{ file, expectedHashes: [] }], { cache, settings: first });
    index.reset();
    // `index` now first (another lookup path, so not that record): served with no request.
    const served = await createFinder(testSettings({ indexUrl: index.url }), { cache }).findRelease("alpha", "1.0", { exact: true });
    assert.deepEqual(served.map((f) => [f.filename, f.index]), [[file.filename, index.url]]);
    assert.equal(index.requests.length, 0);
    // `other` in front of `index`: `other` is asked and answers, whatever the cache holds.
    const behind = testSettings({ indexUrl: other.server.url, extraIndexUrls: [index.url] });
    const asked = await createFinder(behind, { cache }).findRelease("alpha", "1.0", { exact: true });
    assert.deepEqual([...new Set(asked.map((f) => f.index))], [other.server.url]);
    assert.equal(other.server.requests.length, 1);
    // Unreachable and in front of `index`: the error names --offline.
    const deadFirst = createFinder(testSettings({ indexUrl: dead, extraIndexUrls: [index.url] }), { cache });
    await assert.rejects(deadFirst.findRelease("alpha", "1.0", { exact: true }), (e: unknown) =>
      isPyvendorError(e, "E_INDEX_UNREACHABLE") && /--offline/.test(e.hint ?? "") && e.message.includes(index.url),
    );
  } finally {
    await other.server.stop();
    await empty.server.stop();
  }
});
