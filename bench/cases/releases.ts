// Case "releases": re-install of an existing release and rollback, against Node's own start-up (`node -e 0`).
import path from "node:path";
import { firstLines } from "../artifacts.js";
import type { BenchContext, CaseResult } from "../context.js";
import { runAlternating, type ContenderSpec } from "../harness.js";
import { measureSteps } from "../measure.js";
import { ratioVerdict } from "../verdicts.js";

/**
 * Two releases A (the corpus) and B (the corpus minus one leaf) are installed untimed into a
 * releases root. Each round then runs, in this fixed order: install B again (an existing release:
 * it only switches `current`), rollback (back to A), and `node -e 0`. The order is fixed because
 * each pyvendor step needs the state the previous one left.
 */
export async function releases(ctx: BenchContext): Promise<CaseResult> {
  const caseDir = path.join(ctx.runDir, "releases");
  const root = path.join(caseDir, "root");
  const cache = path.join(caseDir, "store");
  let unavailable = ctx.pyvendor.available ? undefined : ctx.pyvendor.reason ?? "pyvendor CLI not available";
  let bundleB = "";
  if (!unavailable) {
    try {
      const a = await ctx.artifacts.pvBundle();
      bundleB = await ctx.artifacts.pvBundleB();
      const install = (b: string) => ctx.pyvendor.command(["install", b, "--releases", root, "--python", ctx.options.python, "--cache-dir", cache]);
      ctx.log("  (untimed) installing releases A and B");
      const m = await measureSteps([install(a), install(bundleB)]);
      if (m.exitCode !== 0) throw new Error(`exit ${m.exitCode}: ${m.stderrTail || m.stdoutTail}`);
    } catch (err: unknown) {
      unavailable = `setup failed: ${firstLines(err)}`;
    }
  }
  const maybe = unavailable ? { unavailable } : {};
  const reinstall: ContenderSpec = {
    id: "pyvendor-reinstall", label: "pyvendor install --releases (existing release)", tool: "pyvendor", ...maybe,
    prepare: async () => [ctx.pyvendor.command(["install", bundleB, "--releases", root, "--python", ctx.options.python, "--cache-dir", cache])],
  };
  const rollback: ContenderSpec = {
    id: "pyvendor-rollback", label: "pyvendor rollback", tool: "pyvendor", ...maybe,
    prepare: async () => [ctx.pyvendor.command(["rollback", root])],
  };
  const node: ContenderSpec = {
    id: "node-e-0", label: "node -e 0", tool: "floor",
    prepare: async () => [{ argv: [process.execPath, "-e", "0"] }],
  };
  const contenders = await runAlternating({
    caseId: "releases", caseDir, contenders: [reinstall, rollback, node],
    warmup: ctx.options.warmup, runs: ctx.options.runs, rotate: false, log: ctx.log,
  });
  const [reinstallR, rollbackR, nodeR] = contenders;
  return {
    id: "releases",
    title: "releases root: re-install an existing release, roll back",
    contenders,
    verdicts: [
      ratioVerdict("pyvendor rollback / node -e 0", rollbackR, nodeR, { op: "<=", limit: 1.5 }),
      ratioVerdict("pyvendor re-install (existing release) / node -e 0", reinstallR, nodeR, { op: "<=", limit: 2 }),
    ],
    notes: ["Order per round is fixed (re-install B, rollback to A, node -e 0): each step needs the state the previous one left."],
  };
}
