import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { createFinder } from "../../src/package-index/finder.js";
import { tempDir } from "../helpers/env.js";
import type { IndexServer } from "../helpers/index-server.js";
import { makeDists, recorder, startTinyIndex, testCache, testSettings } from "../helpers/tiny-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: IndexServer;

before(async () => {
  work = await tempDir();
  ({ server: index } = await startTinyIndex(path.join(work.dir, "dists"), [
    { name: "alpha", version: "1.0" },
    { name: "alpha", version: "1.0", kind: "sdist" },
    { name: "alpha", version: "1.1" },
    { name: "oldie", version: "1.0", yanked: "broken build" },
    { name: "oldie", version: "1.1" },
    { name: "modern", version: "2.0", requiresPython: ">=3.10" },
    { name: "modern", version: "1.0", indexRequiresPython: ">=3.7" },
  ]));
});
after(async () => {
  await index.stop();
  await work.cleanup();
});

async function finderFor(input: Parameters<typeof testSettings>[0], options: { pythonVersions?: string[] } = {}) {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const cache = await testCache(dir);
  const rec = recorder();
  return { finder: createFinder(testSettings(input), { cache, events: rec.sink, ...options }), cache, events: rec.events };
}

test("asks for PEP 691 JSON first and reads it (JSON carries PEP 700 sizes)", async () => {
  index.reset();
  const { finder } = await finderFor({ indexUrl: index.url });
  const files = await finder.findRelease("Alpha", "1.0", { exact: true });
  assert.deepEqual(files.map((f) => f.filename).sort(), ["alpha-1.0-py3-none-any.whl", "alpha-1.0.tar.gz"]);
  assert.ok(files.every((f) => typeof f.size === "number" && /^[0-9a-f]{64}$/.test(f.hashes.sha256 ?? "")));
  assert.match(String(index.requests[0]?.headers.accept), /^application\/vnd\.pypi\.simple\.v1\+json/);
});

test("falls back to PEP 503 HTML from an index without JSON", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const { server } = await startTinyIndex(dir, [{ name: "alpha", version: "1.0" }], { format: "html" });
  try {
    const { finder } = await finderFor({ indexUrl: server.url });
    const [file] = await finder.findRelease("alpha", "1.0", { exact: true });
    assert.equal(file?.filename, "alpha-1.0-py3-none-any.whl");
    assert.equal(file?.size, undefined, "HTML pages have no sizes");
    assert.match(file?.hashes.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(file?.url, `${server.origin}/files/alpha-1.0-py3-none-any.whl`);
  } finally {
    await server.stop();
  }
});

test("a yanked release is used only for an exact pin, with a warning", async () => {
  const { finder, events } = await finderFor({ indexUrl: index.url });
  const files = await finder.findRelease("oldie", "1.0", { exact: true });
  assert.equal(files[0]?.yanked, "broken build");
  assert.ok(events.some((e) => e.type === "warning" && e.message.includes("yanked") && e.message.includes("broken build")));
  await assert.rejects(finder.findRelease("oldie", "1.0", { exact: false }), (e: unknown) => isPyvendorError(e, "E_VERSION_NOT_FOUND"));
  assert.deepEqual((await finder.listFiles("oldie")).map((f) => f.version), ["1.1"]);
  assert.deepEqual((await finder.listFiles("oldie", { includeYanked: true })).map((f) => f.version).sort(), ["1.0", "1.1"]);
});

test("files whose Requires-Python excludes every target are dropped", async () => {
  const { finder } = await finderFor({ indexUrl: index.url }, { pythonVersions: ["3.8.18"] });
  assert.deepEqual((await finder.listFiles("modern")).map((f) => f.version), ["1.0"]);
  await assert.rejects(finder.findRelease("modern", "2.0", { exact: true }), (e: unknown) =>
    isPyvendorError(e, "E_REQUIRES_PYTHON") && e.message.includes(">=3.10"),
  );
  const both = await finderFor({ indexUrl: index.url }, { pythonVersions: ["3.8.18", "3.12.1"] });
  assert.equal((await both.finder.findRelease("modern", "2.0", { exact: true })).length, 1);
});

test("find-links: a local directory, and an HTML page", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  await makeDists(path.join(dir, "wheelhouse"), [{ name: "local-only", version: "0.1" }, { name: "alpha", version: "9.0" }]);
  const { finder } = await finderFor({ noIndex: true, findLinks: [path.join(dir, "wheelhouse")] });
  const [file] = await finder.findRelease("local_only", "0.1", { exact: true });
  assert.equal(file?.url, `file://${path.join(dir, "wheelhouse", "local_only-0.1-py3-none-any.whl")}`);
  assert.equal(file?.index, path.join(dir, "wheelhouse"));
  await assert.rejects(finder.findRelease("alpha", "1.0", { exact: true }), (e: unknown) => isPyvendorError(e, "E_VERSION_NOT_FOUND"));

  const page = await finderFor({ noIndex: true, findLinks: [index.linksUrl] });
  const fromPage = await page.finder.findRelease("alpha", "1.1", { exact: true });
  assert.equal(fromPage[0]?.url, `${index.origin}/files/alpha-1.1-py3-none-any.whl`);
  assert.match(fromPage[0]?.hashes.sha256 ?? "", /^[0-9a-f]{64}$/);
});

test("find-links files are offered together with the index's", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  await makeDists(dir, [{ name: "alpha", version: "1.0", tag: "py311-none-any" }]);
  const { finder } = await finderFor({ indexUrl: index.url, findLinks: [dir] });
  const files = await finder.findRelease("alpha", "1.0", { exact: true });
  assert.deepEqual(files.map((f) => f.filename).sort(), ["alpha-1.0-py3-none-any.whl", "alpha-1.0-py311-none-any.whl", "alpha-1.0.tar.gz"]);
});

test("several indexes: the first that has the project is the only one asked", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const priv = await startTinyIndex(path.join(dir, "private"), [{ name: "shared", version: "1.0" }]);
  const pub = await startTinyIndex(path.join(dir, "public"), [
    { name: "shared", version: "1.0", padding: 10 },
    { name: "shared", version: "9.9" },
    { name: "public-only", version: "3.0" },
  ]);
  try {
    const { finder } = await finderFor({ indexUrl: priv.server.url, extraIndexUrls: [pub.server.url] });
    const [file] = await finder.findRelease("shared", "1.0", { exact: true });
    assert.equal(file?.index, priv.server.url);
    await assert.rejects(finder.findRelease("shared", "9.9", { exact: true }), (e: unknown) =>
      isPyvendorError(e, "E_VERSION_NOT_FOUND") && e.message.includes(priv.server.url) && e.message.includes("1.0"),
    );
    assert.equal(pub.server.requests.filter((r) => r.url.includes("/shared/")).length, 0, "public index never asked for shared");
    const [other] = await finder.findRelease("public-only", "3.0", { exact: true });
    assert.equal(other?.index, pub.server.url);

    const override = await finderFor({ indexUrl: priv.server.url, extraIndexUrls: [pub.server.url], indexFor: { Shared: pub.server.url } });
    priv.server.reset();
    const [fromPub] = await override.finder.findRelease("shared", "9.9", { exact: true });
    assert.equal(fromPub?.index, pub.server.url);
    assert.equal(priv.server.requests.length, 0, "the override is the only index asked");
  } finally {
    await priv.server.stop();
    await pub.server.stop();
  }
});

test("a project on no index is E_PACKAGE_NOT_FOUND naming every index asked", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const other = await startTinyIndex(dir, [{ name: "zzz", version: "1.0" }]);
  try {
    const { finder } = await finderFor({ indexUrl: index.url, extraIndexUrls: [other.server.url] });
    await assert.rejects(finder.findRelease("nope", "1.0", { exact: true }), (e: unknown) =>
      isPyvendorError(e, "E_PACKAGE_NOT_FOUND") && e.message.includes(index.url) && e.message.includes(other.server.url),
    );
  } finally {
    await other.server.stop();
  }
});

test("a recorded release is answered from the cache with zero requests", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const cache = await testCache(dir);
  const settings = testSettings({ indexUrl: index.url });
  const first = await createFinder(settings, { cache }).findRelease("alpha", "1.0", { exact: true });
  index.reset();
  const second = await createFinder(settings, { cache }).findRelease("alpha", "1.0", { exact: true });
  assert.deepEqual(second, first);
  assert.equal(index.requests.length, 0);
  const offline = await createFinder({ ...settings, offline: true }, { cache }).findRelease("alpha", "1.0", { exact: true });
  assert.deepEqual(offline, first);
  await assert.rejects(createFinder({ ...settings, offline: true }, { cache }).findRelease("alpha", "1.1", { exact: true }), (e: unknown) =>
    isPyvendorError(e, "E_OFFLINE_MISSING"),
  );
  assert.equal(index.requests.length, 0);
  await createFinder({ ...settings, refresh: true }, { cache }).findRelease("alpha", "1.0", { exact: true });
  assert.equal(index.requests.length, 1, "--refresh asks again");
});

test("a record made with other indexes in front is not reused (no shadowing through the cache)", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const priv = await startTinyIndex(path.join(dir, "private"), [{ name: "alpha", version: "1.0", padding: 3 }]);
  try {
    const cache = await testCache(dir);
    await createFinder(testSettings({ indexUrl: index.url }), { cache }).findRelease("alpha", "1.0", { exact: true });
    const files = await createFinder(testSettings({ indexUrl: priv.server.url, extraIndexUrls: [index.url] }), { cache }).findRelease(
      "alpha",
      "1.0",
      { exact: true },
    );
    assert.equal(files[0]?.index, priv.server.url);
    assert.equal(priv.server.requests.length, 1);
  } finally {
    await priv.server.stop();
  }
});
