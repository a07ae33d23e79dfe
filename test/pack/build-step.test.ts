// The build step with a fake frontend: pure wheels built once for all targets, per-ABI wheels per target, failures isolated, cache keys.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildSettingsKey } from "../../src/build/build-key.js";
import { openCache, type Cache } from "../../src/cache/cache.js";
import { PyvendorError } from "../../src/errors.js";
import { buildAll, buildKey, type BuildFrontend, type BuildStepRequest } from "../../src/pack/build-step.js";
import type { Pin } from "../../src/pack/plan.js";
import type { Target } from "../../src/python/target.js";
import { tempDir } from "../helpers/env.js";
import { buildWheel } from "../helpers/wheel-factory.js";
import { fakeCPython } from "../helpers/fake-target.js";

describe("buildAll", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let cache: Cache;
  let t311: Target;
  let t312: Target;
  const calls: string[] = [];
  const frontend: BuildFrontend = {
    name: "fake",
    settingsKey: "settings-1",
    async build({ pin, target, outDir }) {
      calls.push(`${pin.name}@${target.manifest.interpreterTag}`);
      if (pin.name === "broken") throw new PyvendorError("E_BUILD_FAILED", "broken on purpose");
      const tag = pin.name === "native" ? `${target.manifest.interpreterTag}-${target.manifest.abiTag}-${target.manifest.platform}` : "py3-none-any";
      const wheel = await buildWheel({ name: pin.name, version: pin.version, tag, files: [{ path: `${pin.name}/__init__.py`, data: "" }] }, outDir);
      return { wheelPath: wheel.path, buildRequirements: ["setuptools==84.0.0"] };
    },
  };
  const pin = (name: string): Pin => ({ name, version: "1.0", extras: [], hashes: [], requested: true, targets: [t311.manifest.id, t312.manifest.id] });
  const request = async (name: string): Promise<BuildStepRequest> => {
    const sdistPath = path.join(work.dir, `${name}.tar.gz`);
    await writeFile(sdistPath, `sdist of ${name}`);
    return { pin: pin(name), sdistPath, sdistFilename: `${name}-1.0.tar.gz`, sdistSha256: `${name.padEnd(64, "0")}`, targets: [t311, t312] };
  };
  const ctx = () => ({ cache, frontend, workDir: path.join(work.dir, "work"), jobs: 2, events: () => {}, scanLibraries: async () => [] });

  before(async () => {
    work = await tempDir();
    await mkdir(path.join(work.dir, "work"));
    cache = await openCache({ dir: path.join(work.dir, "cache") });
    t311 = fakeCPython(11);
    t312 = fakeCPython(12);
  });
  after(() => work.cleanup());

  it("builds a pure wheel once for both targets and a native one per ABI; failures do not stop the others", async () => {
    const result = await buildAll([await request("pure"), await request("native"), await request("broken")], ctx());
    assert.deepEqual([...calls].sort(), ["broken@cp311", "native@cp311", "native@cp312", "pure@cp311"]);
    const byName = (n: string) => result.wheels.filter((w) => w.pin.name === n);
    assert.deepEqual(byName("pure").map((w) => [w.filename, w.targets.length]), [["pure-1.0-py3-none-any.whl", 2]]);
    assert.deepEqual(byName("native").map((w) => w.tags[0]?.split("-")[0]).sort(), ["cp311", "cp312"]);
    assert.equal(byName("pure")[0]?.build?.frontend, "fake");
    assert.deepEqual(byName("pure")[0]?.build?.requirements, ["setuptools==84.0.0"]);
    assert.deepEqual(result.failures.map((f) => [f.pin.name, f.skipped ?? false]), [["broken", false], ["broken", true]]);
  });

  it("a second run takes every wheel from the built-wheel cache", async () => {
    calls.length = 0;
    const result = await buildAll([await request("pure"), await request("native")], ctx());
    assert.deepEqual(calls, []);
    assert.ok(result.wheels.every((w) => w.fromCache));
    assert.equal(result.wheels.length, 3);
  });

  it("cache keys change with the sdist, the target (and its glibc) and every build setting", () => {
    const base = { frontend: "pyvendor", configSettings: {}, isolation: true, sourceDateEpoch: "315532800" };
    const key = buildSettingsKey(base);
    assert.equal(buildSettingsKey({ ...base, configSettings: {} }), key);
    for (const changed of [{ frontend: "pip" }, { configSettings: { a: ["1"] } }, { isolation: false }, { sourceDateEpoch: "1700000000" }]) {
      assert.notEqual(buildSettingsKey({ ...base, ...changed }), key, JSON.stringify(changed));
    }
    assert.equal(buildSettingsKey({ ...base, configSettings: { b: ["2"], a: ["1"] } }), buildSettingsKey({ ...base, configSettings: { a: ["1"], b: ["2"] } }));
    const sha = "a".repeat(64);
    assert.notEqual(buildKey(sha, t311, key), buildKey(sha, t312, key));
    assert.notEqual(buildKey(sha, t311, key), buildKey(sha, { ...t311, manifest: { ...t311.manifest, glibc: "2.17" } }, key));
    assert.notEqual(buildKey(sha, "pure", key), buildKey("b".repeat(64), "pure", key));
  });
});
