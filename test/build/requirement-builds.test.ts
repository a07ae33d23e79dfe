// Build requirements built from sdists: cycles are refused with the chain; each is built once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import path from "node:path";
import { writeFile, mkdir } from "node:fs/promises";
import { buildRequirementWheel, type RequirementBuilds } from "../../src/build/requirement-builds.js";
import { openCache, type Cache } from "../../src/cache/cache.js";
import { isPyvendorError } from "../../src/errors.js";
import type { DistributionFile } from "../../src/package-index/finder.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { describeTarget, type Target } from "../../src/python/target.js";
import { tempDir } from "../helpers/env.js";
import { buildWheel } from "../helpers/wheel-factory.js";

describe("buildRequirementWheel", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let cache: Cache;
  let target: Target;
  const file: DistributionFile = { project: "mini-flit", version: "0.1.0", filename: "mini_flit-0.1.0.tar.gz", kind: "sdist", url: "https://x/mini_flit-0.1.0.tar.gz", hashes: {}, yanked: false, index: "x" };
  before(async () => {
    work = await tempDir();
    cache = await openCache({ dir: path.join(work.dir, "cache") });
    target = describeTarget(await inspectPython("python3"));
  });
  after(() => work.cleanup());

  it("refuses a project already being built further up, naming the cycle", async () => {
    await assert.rejects(
      buildRequirementWheel({ file, local: { path: "/x", sha256: "a".repeat(64) }, target, stack: ["demo", "mini-flit", "helper"], builds: new Map(), build: async () => assert.fail("no build"), cache, settingsKey: "k", workDir: work.dir, events: () => {} }),
      (err) => isPyvendorError(err, "E_BUILD_CYCLE") && /mini-flit → helper → mini-flit/.test(err.message),
    );
  });

  it("builds once for concurrent callers, stores the wheel in the built-wheel cache, and reuses it later", async () => {
    let builds = 0;
    const builder = async (request: { outDir: string }) => {
      builds += 1;
      await mkdir(request.outDir, { recursive: true });
      const wheel = await buildWheel({ name: "mini-flit", version: "0.1.0", files: [{ path: "mini_flit/__init__.py", data: "" }] }, request.outDir);
      return { wheelPath: wheel.path, buildRequirements: [] };
    };
    const local = { path: path.join(work.dir, "sdist"), sha256: "b".repeat(64) };
    await writeFile(local.path, "sdist bytes");
    const builds1: RequirementBuilds = new Map();
    const common = { file, local, target, stack: ["demo"], build: builder, cache, settingsKey: "k", workDir: work.dir, events: () => {} };
    const [a, b] = await Promise.all([buildRequirementWheel({ ...common, builds: builds1 }), buildRequirementWheel({ ...common, builds: builds1 })]);
    assert.equal(builds, 1);
    assert.equal(a.path, b.path);
    assert.match(path.basename(a.path), /^mini_flit-0\.1\.0-py3-none-any\.whl$/);
    const again = await buildRequirementWheel({ ...common, builds: new Map() });
    assert.equal(builds, 1, "a new pack finds it in the built-wheel cache");
    assert.equal(again.sha256, a.sha256);
  });
});
