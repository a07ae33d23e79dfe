// A cached pin needs no index: re-packed with another index URL that refuses connections, hash-pinned pins pack with no request.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Manifest } from "../../src/bundle/manifest.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { refusingUrl } from "../helpers/net.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
before(async () => {
  work = await tempDir("pyvendor-cached-pins-");
  index = await startFixtureIndex(work.dir, ["hello-cli"], [], false);
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

const manifestOf = async (bundle: string) => JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;

test("pack with hashes, then re-pack from an index URL that refuses connections: no request; without hashes the error names --offline; --offline packs", async () => {
  const cache = path.join(work.dir, "cache");
  const env = cleanEnv();
  const pack = (req: string, output: string, indexUrl: string, ...more: string[]) =>
    runCli(["pack", "-r", req, "-o", path.join(work.dir, output), "-i", indexUrl, "--cache-dir", cache, "--retries", "1", "--timeout", "2", ...more], { env });

  const loose = path.join(work.dir, "requirements.txt");
  await writeFile(loose, "hello-cli==1.0.0\n");
  const first = await pack(loose, "first", index.server.url);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const source = (await manifestOf(path.join(work.dir, "first"))).packages.find((p) => p.name === "hello-cli")?.source;
  assert.ok(source?.sha256, "the first pack records the sdist's hash");

  const hashed = path.join(work.dir, "requirements-hashed.txt");
  await writeFile(hashed, `hello-cli==1.0.0 --hash=sha256:${source.sha256}\n`);
  const down = await refusingUrl();
  index.server.reset();
  const again = await pack(hashed, "hashed", down);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(index.server.requests.length, 0);
  const [a, b] = [await manifestOf(path.join(work.dir, "first")), await manifestOf(path.join(work.dir, "hashed"))];
  assert.equal(b.id, a.id, "the same content, whatever index URL was configured");
  assert.equal(b.packages[0]?.source?.url, a.packages[0]?.source?.url, "the manifest says where the file came from");

  const refused = await pack(loose, "loose", down);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /E_INDEX_UNREACHABLE/);
  assert.match(refused.stderr, /hello-cli==1\.0\.0/);
  assert.match(refused.stderr, new RegExp(index.server.url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
  assert.match(refused.stderr, /--offline/);

  const offline = await pack(loose, "offline", down, "--offline");
  assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  assert.equal((await manifestOf(path.join(work.dir, "offline"))).id, a.id);
  assert.equal(index.server.requests.length, 0);
});

test("--offline closes an unpinned dependency from the releases in the cache, warning that the index may have newer ones", async () => {
  const own = await startFixtureIndex(path.join(work.dir, "own-index"), ["hello-cli", "greeter"], [], false);
  const cache = path.join(work.dir, "cache-closure");
  const env = cleanEnv();
  const req = path.join(work.dir, "greeter.txt");
  await writeFile(req, "greeter==1.0.0\n");
  const pack = (output: string, ...more: string[]) =>
    runCli(["pack", "-r", req, "-o", path.join(work.dir, output), "-i", own.server.url, "--cache-dir", cache, "--retries", "1", "--timeout", "2", ...more], { env });
  const cold = await pack("closure-cold");
  assert.equal(cold.code, 0, cold.stdout + cold.stderr);
  await own.server.stop();

  const offline = await pack("closure-offline", "--offline");
  assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  assert.match(offline.stderr, /offline: hello-cli is chosen among the releases in the cache \(1\.0\.0\); the index may have newer ones/);
  const [a, b] = [await manifestOf(path.join(work.dir, "closure-cold")), await manifestOf(path.join(work.dir, "closure-offline"))];
  assert.deepEqual(b.packages.map((p) => `${p.name}==${p.version}`), a.packages.map((p) => `${p.name}==${p.version}`));
  assert.equal(b.id, a.id);

  // Nothing cached: still E_OFFLINE_MISSING, by name.
  const empty = await runCli(["pack", "-r", req, "-o", path.join(work.dir, "closure-empty"), "-i", own.server.url, "--cache-dir", path.join(work.dir, "cache-empty"), "--offline"], { env });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /greeter.*\[E_OFFLINE_MISSING\]/);
});
