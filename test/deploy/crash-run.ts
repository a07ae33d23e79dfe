// `npm run crash:releases -- --runs 500 [--seed N]`: the crash harness outside the test suite, with a longer run.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { tempDir } from "../helpers/env.js";
import { runCrashRounds } from "./crash-harness.js";
import { packFixtureBundles } from "./fixture-bundles.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "500" }, seed: { type: "string" }, verbose: { type: "boolean", short: "v" } } });
const runs = Number(values.runs);
const seed = Number(values.seed ?? Date.now() % 100000);
const work = await tempDir("pyvendor-crash-");
try {
  const started = performance.now();
  const bundles = await packFixtureBundles(work.dir);
  const bundleBDir = path.join(work.dir, "bundle-b-dir");
  mkdirSync(bundleBDir);
  execFileSync("tar", ["-xzf", bundles.b, "-C", bundleBDir]);
  const report = await runCrashRounds({
    runs,
    seed,
    workDir: work.dir,
    bundles,
    bundleBDir,
    log: (line) => {
      if (values.verbose) console.log(line);
    },
  });
  console.log(`${runs} kills, seed ${seed}, install ≈ ${report.installMs} ms (phase edges at ${report.boundaries.join(", ")} ms), ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  for (const [what, n] of Object.entries(report.outcomes).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${what}`);
  console.log("every kill left current on a complete release; every next install succeeded with no leftovers");
} catch (err: unknown) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await work.cleanup();
}
