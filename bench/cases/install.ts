// Case "install": a fresh venv from a bundle — pyvendor (empty and warm store) against venv + pip, and the copy floors.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { checkVenv } from "../check-venv.js";
import { benchEnv, type BenchContext, type CaseResult } from "../context.js";
import { runAlternating, type ContenderSpec, type RunInfo } from "../harness.js";
import { ratioToSumVerdict, ratioVerdict, rssVerdict } from "../verdicts.js";

/** On the last round, checks the venv and records its file counts; throws when it is not whole. */
async function checkOnLast(ctx: BenchContext, run: RunInfo, venv: string, extra: Record<string, unknown>): Promise<void> {
  if (!run.last) return;
  const facts = await checkVenv(venv, ctx.corpus.summary);
  extra.installedFiles = facts.files;
  extra.pycFiles = facts.pycFiles;
}

export async function install(ctx: BenchContext): Promise<CaseResult> {
  const caseDir = path.join(ctx.runDir, "install");
  const py = ctx.options.python;
  const bundle = await ctx.artifacts.installBundle();
  const pvUnavailable = bundle.pyvendorProblem ? { unavailable: bundle.pyvendorProblem } : {};
  const finished = await ctx.artifacts.finishedVenv();
  const warmStore = path.join(caseDir, "warm-store");
  const hardlinkStore = path.join(caseDir, "warm-store-hardlink");

  const pvInstall = (id: string, label: string, store: (run: RunInfo) => string, extra: string[] = []): ContenderSpec => ({
    id, label, tool: "pyvendor", ...pvUnavailable,
    prepare: async (run) => {
      const command = ctx.pyvendor.command(["install", bundle.dir, "--venv", path.join(run.dir, "venv"), "--python", py, "--cache-dir", store(run), ...extra]);
      // Nothing may come from ~/.cache either: XDG_CACHE_HOME sits next to the store.
      return [{ ...command, env: benchEnv({ XDG_CACHE_HOME: `${store(run)}-xdg` }) }];
    },
    finish: (run, _m, extra) => checkOnLast(ctx, run, path.join(run.dir, "venv"), extra),
  });
  const pip: ContenderSpec = {
    id: "pip-venv-install", label: "python -m venv + pip install --no-index", tool: "pip",
    note: "pip compiles .pyc (its default)",
    prepare: async (run) => {
      const venv = path.join(run.dir, "venv");
      return [
        { argv: [py, "-m", "venv", venv], env: benchEnv() },
        {
          argv: [path.join(venv, "bin", "python"), "-m", "pip", "install", "--no-index", "--find-links", bundle.wheelsDir, "-r", bundle.lockPath],
          env: benchEnv({ PIP_CACHE_DIR: path.join(run.dir, "pip-cache") }),
        },
      ];
    },
    finish: (run, _m, extra) => checkOnLast(ctx, run, path.join(run.dir, "venv"), extra),
  };
  const cp: ContenderSpec = {
    id: "cp-a", label: "cp -a of a finished venv", tool: "floor", note: `venv made by ${finished.madeBy}`,
    prepare: async (run) => [{ argv: ["cp", "-a", finished.dir, path.join(run.dir, "venv")] }],
  };
  const nodeStart: ContenderSpec = {
    id: "node-e-0", label: "node -e 0 (the runtime's own start)", tool: "floor",
    prepare: async () => [{ argv: [process.execPath, "-e", "0"] }],
  };
  const tar: ContenderSpec = {
    id: "tar-x", label: "tar -xf of a finished venv (uncompressed)", tool: "floor",
    prepare: async (run) => [{ argv: ["tar", "-xf", finished.tarPath, "-C", run.dir] }],
  };
  await mkdir(warmStore, { recursive: true });
  await mkdir(hardlinkStore, { recursive: true });
  const contenders = await runAlternating({
    caseId: "install", caseDir, warmup: ctx.options.warmup, runs: ctx.options.runs, rotate: true, log: ctx.log,
    contenders: [
      pip,
      pvInstall("pyvendor-install-empty", "pyvendor install (empty store)", (run) => path.join(run.dir, "store")),
      pvInstall("pyvendor-install-warm", "pyvendor install (warm store; copies, the default here without reflinks)", () => warmStore),
      pvInstall("pyvendor-install-warm-hardlink", "pyvendor install (warm store, --link-mode hardlink)", () => hardlinkStore, ["--link-mode", "hardlink"]),
      cp,
      tar,
      nodeStart,
    ],
  });
  const [pipR, emptyR, warmR, hardR, cpR, tarR, nodeR] = contenders;
  return {
    id: "install",
    title: "install into a fresh venv (offline, from a bundle)",
    contenders,
    verdicts: [
      ratioVerdict("pyvendor install, empty store / pip (>= 5x faster)", emptyR, pipR, { op: "<=", limit: 0.2 }),
      ratioVerdict("pyvendor install, empty store / cp -a", emptyR, cpR, { op: "<=", limit: 1.5 }),
      ratioVerdict("pyvendor install, warm store / pip (>= 20x faster)", warmR, pipR, { op: "<=", limit: 0.05 }),
      ratioVerdict("pyvendor install, warm store (copies) / cp -a", warmR, cpR, { op: "<=", limit: 1.5 }),
      ratioVerdict("pyvendor install, warm store, --link-mode hardlink / cp -a", hardR, cpR, { op: "<=", limit: 0.5 }),
      ratioToSumVerdict("pyvendor install, warm store (copies) / (node -e 0 + cp -a)", warmR, [nodeR, cpR], { op: "<=", limit: 1 }),
      rssVerdict("pyvendor install, empty store: peak RSS", emptyR, { op: "<", limit: 200 }),
      rssVerdict("pyvendor install, warm store: peak RSS", warmR, { op: "<", limit: 200 }),
      rssVerdict("pyvendor install, warm store, hardlink: peak RSS", hardR, { op: "<", limit: 200 }),
      ratioVerdict("pyvendor install, empty store / tar -xf", emptyR, tarR),
      ratioVerdict("cp -a / pip", cpR, pipR),
    ],
    notes: [
      `Bundle made by ${bundle.madeBy}; both sides create their venv inside the timed region (pip's side includes ensurepip).`,
      "The copied venv is only an I/O floor: a venv copied to another path is not usable as is.",
    ],
  };
}
