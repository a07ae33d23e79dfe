// pack() from loose requirements: resolved as lock does, the manifest says so, a re-pack keeps the bundle's pins.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Manifest } from "../../src/bundle/manifest.js";
import { isPyvendorError } from "../../src/errors.js";
import { pack } from "../../src/pack/pipeline.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startIndexServer, type IndexServer } from "../helpers/index-server.js";
import { buildWheel } from "../helpers/wheel-factory.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: IndexServer;

before(async () => {
  work = await tempDir("pyvendor-pack-loose-");
  const projects: [string, string, string[]][] = [
    ["app", "1.0", ["lib>=1", 'winonly; sys_platform == "win32"']],
    ["lib", "1.0", []],
    ["lib", "1.1", []],
    ["lib", "2.0rc1", []],
    ["tool", "3.0", ["helper"]],
    ["helper", "0.5", []],
  ];
  const files = [];
  for (const [name, version, dependencies] of projects) {
    const wheel = await buildWheel(
      { name, version, files: [{ path: `${name}/__init__.py`, data: `VERSION = "${version}"\n` }], metadata: dependencies.map((d) => `Requires-Dist: ${d}`) },
      path.join(work.dir, "dists"),
    );
    files.push({ path: wheel.path });
  }
  index = await startIndexServer({ files });
});
after(async () => {
  await index?.stop();
  await work?.cleanup();
});

const options = (name: string, requirements: string[]) => ({
  requirements,
  output: path.join(work.dir, name),
  cacheDir: path.join(work.dir, "cache"),
  env: cleanEnv(),
  cwd: work.dir,
  index: { indexUrl: index.url },
});

const manifestOf = async (bundle: string): Promise<Manifest> => JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;
const pins = (m: Manifest) => m.packages.map((p) => `${p.name}==${p.version}${p.requested ? "" : " (dependency)"}`);

test("loose requirements are resolved, packed, and the manifest records the resolution; the bundle's lock files are the pins", async () => {
  const result = await pack(options("first", ["app"]));
  const manifest = await manifestOf(result.output);
  assert.deepEqual(pins(manifest), ["app==1.0", "lib==1.1 (dependency)"]);
  assert.deepEqual(manifest.requirements, ["app"]);
  assert.deepEqual(manifest.resolution, { pre: false, constraints: [], targets: result.targets });
  assert.equal(manifest.format, "1.2.0");
  assert.deepEqual(result.resolution, { pins: 2, kept: 0 });
  assert.equal(result.stats.pinnedFromIndex, 0, "the resolution pinned everything; the closure added nothing");
  const lock = await readFile(path.join(result.output, "requirements.lock"), "utf8");
  assert.match(lock, /^app==1\.0 \\\n {4}--hash=sha256:[0-9a-f]{64}$/m);
  assert.match(lock, /^lib==1\.1 \\\n {4}--hash=sha256:[0-9a-f]{64}$/m);
  assert.match(await readFile(path.join(result.output, "pylock.toml"), "utf8"), /name = "lib"\nversion = "1\.1"/);
});

test("--pre and constraints are resolution options: the manifest keeps them, and they are part of the bundle id", async () => {
  const plain = await pack(options("plain", ["app"]));
  const pre = await pack({ ...options("pre", ["app"]), pre: true });
  assert.deepEqual(pins(await manifestOf(pre.output)), ["app==1.0", "lib==2.0rc1 (dependency)"]);
  assert.equal((await manifestOf(pre.output)).resolution?.pre, true);
  const constraints = path.join(work.dir, "constraints.txt");
  await writeFile(constraints, "lib<1.1\n");
  const narrowed = await pack({ ...options("narrowed", ["app"]), constraintFiles: [constraints] });
  const m = await manifestOf(narrowed.output);
  assert.deepEqual(pins(m), ["app==1.0", "lib==1.0 (dependency)"]);
  assert.deepEqual(m.resolution?.constraints, ["lib<1.1"]);
  assert.notEqual(plain.bundleId, narrowed.bundleId);
});

test("a re-pack into the bundle keeps its pins while they fit; --upgrade-package and --upgrade let them move", async () => {
  const constraints = path.join(work.dir, "old-lib.txt");
  await writeFile(constraints, "lib==1.0\n");
  const first = await pack({ ...options("kept", ["app"]), constraintFiles: [constraints] });
  assert.deepEqual(pins(await manifestOf(first.output)), ["app==1.0", "lib==1.0 (dependency)"]);
  const again = await pack(options("kept", ["app"]));
  assert.deepEqual(pins(await manifestOf(again.output)), ["app==1.0", "lib==1.0 (dependency)"], "lib 1.1 is newer, but the bundle's 1.0 still fits");
  assert.deepEqual(again.resolution, { pins: 2, kept: 2 });
  const moved = await pack({ ...options("kept", ["app"]), upgradePackages: ["LIB"] });
  assert.deepEqual(pins(await manifestOf(moved.output)), ["app==1.0", "lib==1.1 (dependency)"]);
  await pack({ ...options("kept", ["app"]), constraintFiles: [constraints] });
  const all = await pack({ ...options("kept", ["app"]), upgrade: true });
  assert.deepEqual(pins(await manifestOf(all.output)), ["app==1.0", "lib==1.1 (dependency)"]);
});

test("adding one requirement changes only the files of what it brings", async () => {
  const before = await pack(options("grow", ["app"]));
  const after = await pack(options("grow", ["app", "tool"]));
  assert.deepEqual(pins(await manifestOf(after.output)), ["app==1.0", "helper==0.5 (dependency)", "lib==1.1 (dependency)", "tool==3.0"]);
  const wheels = (names: string[]) => names.filter((f) => f.startsWith("wheels/")).sort();
  assert.deepEqual(wheels(after.written), ["wheels/helper-0.5-py3-none-any.whl", "wheels/tool-3.0-py3-none-any.whl"]);
  assert.deepEqual(wheels(after.reused), wheels(before.written));
  assert.deepEqual(after.removed, []);
});

test("the same loose pack again with --offline: resolved and packed from the cache, no request to the index", async () => {
  const online = await pack(options("online", ["app"]));
  index.reset();
  const offline = await pack({ ...options("offline", ["app"]), index: { indexUrl: index.url, offline: true } });
  assert.deepEqual(index.requests, []);
  assert.equal(offline.bundleId, online.bundleId);
});

test("no solution: E_RESOLUTION_IMPOSSIBLE with the explanation, and no bundle", async () => {
  await assert.rejects(pack(options("none", ["app", "lib>=3"])), (err: unknown) => isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE") && /lib/.test(err.message));
  await assert.rejects(readFile(path.join(work.dir, "none", "manifest.json")));
});

test("--strict refuses loose requirements as before (E_UNPINNED_REQUIREMENT), saying why they were not resolved", async () => {
  await assert.rejects(pack({ ...options("strict", ["app"]), strict: true }), (err: unknown) =>
    isPyvendorError(err, "E_UNPINNED_REQUIREMENT") && /--strict packs pinned requirements only/.test(err.hint ?? ""));
});
