// indexProvider(): the resolver's versions and dependencies from a real (test) index and its cache.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { indexProvider } from "../../src/lock/index-provider.js";
import { createFinder } from "../../src/package-index/finder.js";
import { resolve } from "../../src/resolve/index.js";
import { tempDir } from "../helpers/env.js";
import { startIndexServer, type IndexServer } from "../helpers/index-server.js";
import { linuxTarget } from "../helpers/memory-provider.js";
import { makeDists, recorder, testCache, testSettings } from "../helpers/tiny-index.js";
import { buildWheel } from "../helpers/wheel-factory.js";

let work: { dir: string; cleanup: () => Promise<void> };
let plain: IndexServer;
let withMetadata: IndexServer;

before(async () => {
  work = await tempDir("pyvendor-index-provider-");
  const dists = path.join(work.dir, "dists");
  const paths = await makeDists(dists, [
    { name: "app", version: "1.0", dependencies: ["lib>=1", 'winonly; sys_platform == "win32"'] },
    { name: "app", version: "1.0", kind: "sdist" },
    { name: "lib", version: "1.0" },
    { name: "lib", version: "2.0", requiresPython: ">=3.12" },
    { name: "lib", version: "1.5", dependencies: ["gone"] },
    { name: "only-sdist", version: "0.3", kind: "sdist" },
  ]);
  const liar = await buildWheel({ name: "liar", version: "1.0", metadataVersion: "9.9", files: [{ path: "liar/__init__.py", data: "" }] }, dists);
  const files = [
    ...paths.map((p) => ({ path: p, ...(p.includes("lib-1.5") ? { yanked: "broken" } : {}), ...(p.includes("lib-2.0") ? { requiresPython: ">=3.12" } : {}) })),
    liar.path,
  ];
  plain = await startIndexServer({ files });
  withMetadata = await startIndexServer({ files, metadata: "core" });
});
after(async () => {
  await plain?.stop();
  await withMetadata?.stop();
  await work?.cleanup();
});

async function providerFor(server: IndexServer, extra: { offline?: boolean; cacheDir?: string; sdistMetadata?: Parameters<typeof indexProvider>[0]["sdistMetadata"] } = {}) {
  const dir = extra.cacheDir ?? (await mkdtemp(path.join(work.dir, "t-")));
  const cache = await testCache(dir);
  const settings = testSettings({ indexUrl: server.url, ...(extra.offline ? { offline: true } : {}) });
  const rec = recorder();
  const finder = createFinder(settings, { cache, events: rec.sink });
  const provider = indexProvider({ finder, fetch: { cache, settings, finder, events: rec.sink }, ...(extra.sdistMetadata ? { sdistMetadata: extra.sdistMetadata } : {}) });
  return { provider, dir };
}

test("versions: every release once, yanked when all its files are, the index's Requires-Python; an unknown project has none", async () => {
  const { provider } = await providerFor(plain);
  const versions = await provider.versions("lib");
  assert.deepEqual(versions.sort((a, b) => a.version.localeCompare(b.version)), [
    { version: "1.0" },
    { version: "1.5", yanked: true },
    { version: "2.0", requiresPython: ">=3.12" },
  ]);
  assert.deepEqual((await provider.versions("app")).map((v) => v.version), ["1.0"]);
  assert.deepEqual(await provider.versions("no-such-project"), []);
});

test("dependencies from the PEP 658 metadata file when the index serves one: the wheel is not downloaded", async () => {
  const { provider } = await providerFor(withMetadata);
  withMetadata.reset();
  await provider.versions("app");
  assert.deepEqual(await provider.dependencies("app", "1.0"), { requiresDist: ["lib>=1", 'winonly; sys_platform == "win32"'] });
  const fetched = withMetadata.requests.map((r) => r.url).filter((u) => u.includes("/files/"));
  assert.deepEqual(fetched, ["/files/app-1.0-py3-none-any.whl.metadata"]);
});

test("dependencies from the wheel's METADATA when the index serves no metadata file", async () => {
  const { provider } = await providerFor(plain);
  await provider.versions("lib");
  assert.deepEqual(await provider.dependencies("lib", "2.0"), { requiresDist: [], requiresPython: ">=3.12" });
});

test("an sdist-only release: its metadata through the sdist port, or a clear refusal without one", async () => {
  const seen: string[] = [];
  const { provider } = await providerFor(plain, {
    sdistMetadata: async (sdist) => {
      seen.push(sdist.file.filename);
      return "Metadata-Version: 2.1\nName: only-sdist\nVersion: 0.3\nRequires-Dist: lib<2\n\n";
    },
  });
  await provider.versions("only-sdist");
  assert.deepEqual(await provider.dependencies("only-sdist", "0.3"), { requiresDist: ["lib<2"] });
  assert.deepEqual(seen, ["only_sdist-0.3.tar.gz"]);
  const { provider: bare } = await providerFor(plain);
  await bare.versions("only-sdist");
  await assert.rejects(bare.dependencies("only-sdist", "0.3"), (err: unknown) => isPyvendorError(err, "E_NO_MATCHING_DISTRIBUTION") && /only-sdist 0\.3 has no wheel/.test(err.message));
});

test("metadata that names another version is E_INVALID_METADATA", async () => {
  const { provider } = await providerFor(plain);
  await provider.versions("liar");
  await assert.rejects(provider.dependencies("liar", "1.0"), (err: unknown) => isPyvendorError(err, "E_INVALID_METADATA") && /names liar 9\.9/.test(err.message));
});

test("resolve() over the index: markers, Requires-Python and yanked releases as pip would; the same answer again offline from the cache", async () => {
  const { provider, dir } = await providerFor(withMetadata);
  const input = { requirements: ["app"], target: linuxTarget("3.11.7") };
  const online = await resolve(input, provider);
  assert.deepEqual(online.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.0"]);
  withMetadata.reset();
  const { provider: offline } = await providerFor(withMetadata, { offline: true, cacheDir: dir });
  try {
    const again = await resolve(input, offline);
    assert.deepEqual(again.pins, online.pins);
    assert.deepEqual(withMetadata.requests, []);
  } finally {
    withMetadata.reset();
  }
  // A project the first resolution never looked at is named as missing, never guessed.
  await assert.rejects(resolve({ requirements: ["app", "only-sdist"], target: input.target }, offline), (err: unknown) =>
    isPyvendorError(err, "E_OFFLINE_MISSING") && /only-sdist/.test(err.message));
});
