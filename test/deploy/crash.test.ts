// Crash test: `install --releases` SIGKILLed at random moments (50 runs here; `npm run crash:releases -- --runs 500` for more).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { tempDir } from "../helpers/env.js";
import { runCrashRounds } from "./crash-harness.js";
import { packFixtureBundles, type FixtureBundles } from "./fixture-bundles.js";

describe("install --releases survives SIGKILL at any moment", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let bundles: FixtureBundles;
  let bundleBDir: string;

  before(async () => {
    work = await tempDir("pyvendor-crash-");
    bundles = await packFixtureBundles(work.dir);
    bundleBDir = path.join(work.dir, "bundle-b-dir");
    mkdirSync(bundleBDir);
    execFileSync("tar", ["-xzf", bundles.b, "-C", bundleBDir]);
  });

  after(async () => {
    await work.cleanup();
  });

  it("keeps current on a complete release whose console script runs, and the next install always succeeds cleanly", async () => {
    const seed = Number(process.env.PYVENDOR_CRASH_SEED ?? Date.now() % 100000);
    const runs = Number(process.env.PYVENDOR_CRASH_RUNS ?? 50);
    const report = await runCrashRounds({ runs, seed, workDir: work.dir, bundles, bundleBDir });
    assert.equal(report.runs, runs);
    console.log(`crash test: seed ${seed}, ${runs} kills over ${report.installMs} ms installs:`, report.outcomes);
  });
});
