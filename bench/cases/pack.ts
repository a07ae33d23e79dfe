// Cases "pack-cold" and "pack-warm": pyvendor pack against `pip wheel -r` with empty and with filled caches.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { benchEnv, type BenchContext, type CaseResult } from "../context.js";
import { runAlternating, type ContenderSpec } from "../harness.js";
import type { Command } from "../measure.js";
import { countVerdict, ratioVerdict } from "../verdicts.js";

/** Throws unless `dir` holds one wheel per corpus package. */
export async function expectWheels(ctx: BenchContext, dir: string): Promise<void> {
  const wheels = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".whl")) : [];
  const missing = ctx.corpus.summary.packages.filter((p) => !wheels.some((w) => w.startsWith(`${p.importName}-${p.version}-`)));
  if (missing.length) throw new Error(`${dir}: no wheel for ${missing.map((p) => p.name).join(", ")}`);
}

function recordRequests(extra: Record<string, unknown>, count: number): void {
  extra.indexRequests = [...((extra.indexRequests as number[] | undefined) ?? []), count];
}

/**
 * `xdgCache`, when given, becomes XDG_CACHE_HOME: a cold run must not find anything in
 * ~/.cache either (e.g. a pip that pyvendor might run underneath).
 */
function pvPack(ctx: BenchContext, out: string, cacheDir: string, xdgCache?: string): Command {
  const command = ctx.pyvendor.command(["pack", "-r", ctx.corpus.requirementsPath, "--index-url", ctx.index.url, "-o", out, "--cache-dir", cacheDir, "--python", ctx.options.python]);
  return xdgCache ? { ...command, env: benchEnv({ XDG_CACHE_HOME: xdgCache }) } : command;
}

function pipWheel(ctx: BenchContext, out: string, cacheDir: string, cwd: string, xdgCache?: string): Command {
  return {
    argv: [ctx.options.python, "-m", "pip", "wheel", "-r", ctx.corpus.requirementsPath, "--index-url", ctx.index.url, "-w", out],
    env: benchEnv({ PIP_CACHE_DIR: cacheDir, ...(xdgCache ? { XDG_CACHE_HOME: xdgCache } : {}) }),
    cwd,
  };
}

const unavailable = (ctx: BenchContext) => (ctx.pyvendor.available ? {} : { unavailable: ctx.pyvendor.reason ?? "pyvendor CLI not available" });

/** Cold: both start from an empty cache every run; the last run's caches and outputs are kept for later cases. */
export async function packCold(ctx: BenchContext): Promise<CaseResult> {
  const pv: ContenderSpec = {
    id: "pyvendor-pack-cold", label: "pyvendor pack (empty cache)", tool: "pyvendor", ...unavailable(ctx),
    prepare: async (run) => {
      ctx.index.setDown(false);
      ctx.index.resetCount();
      return [pvPack(ctx, path.join(run.dir, "bundle"), path.join(run.dir, "cache"), path.join(run.dir, "xdg-cache"))];
    },
    observe: (_run, _m, extra) => recordRequests(extra, ctx.index.count()),
    finish: async (run) => {
      await expectWheels(ctx, path.join(run.dir, "bundle", "wheels"));
      if (run.last) {
        await ctx.artifacts.offer("pv-cache", path.join(run.dir, "cache"));
        await ctx.artifacts.offer("pv-bundle", path.join(run.dir, "bundle"));
      }
    },
  };
  const pip: ContenderSpec = {
    id: "pip-wheel-cold", label: "pip wheel -r (empty PIP_CACHE_DIR)", tool: "pip",
    prepare: async (run) => {
      ctx.index.setDown(false);
      ctx.index.resetCount();
      return [pipWheel(ctx, path.join(run.dir, "wheels"), path.join(run.dir, "cache"), run.dir, path.join(run.dir, "xdg-cache"))];
    },
    observe: (_run, _m, extra) => recordRequests(extra, ctx.index.count()),
    finish: async (run) => {
      await expectWheels(ctx, path.join(run.dir, "wheels"));
      if (run.last) {
        await ctx.artifacts.offer("pip-cache", path.join(run.dir, "cache"));
        await ctx.artifacts.offer("pip-wheels", path.join(run.dir, "wheels"));
      }
    },
  };
  const contenders = await runAlternating({
    caseId: "pack-cold", caseDir: path.join(ctx.runDir, "pack-cold"), contenders: [pip, pv],
    warmup: ctx.options.warmup, runs: ctx.options.runs, rotate: true, log: ctx.log,
  });
  const [pipR, pvR] = contenders;
  return {
    id: "pack-cold",
    title: "pack, cold: every run starts with an empty cache; the index is up",
    contenders,
    verdicts: [ratioVerdict("pyvendor pack cold / pip wheel cold", pvR, pipR, { op: "<=", limit: 0.5 })],
    notes: ["Both build every sdist in an isolated environment fetched from the same local index; each run gets a fresh cache dir and a fresh XDG_CACHE_HOME."],
  };
}

/** Warm: caches filled by an earlier pack; pyvendor runs with the index down, pip with it up. */
export async function packWarm(ctx: BenchContext): Promise<CaseResult> {
  const pv: ContenderSpec = {
    id: "pyvendor-pack-warm", label: "pyvendor pack (warm cache, index DOWN)", tool: "pyvendor", ...unavailable(ctx),
    prepare: async (run) => {
      const cache = await ctx.artifacts.pvCache();
      ctx.index.setDown(true);
      ctx.index.resetCount();
      return [pvPack(ctx, path.join(run.dir, "bundle"), cache)];
    },
    observe: (_run, _m, extra) => {
      recordRequests(extra, ctx.index.count());
      ctx.index.setDown(false);
    },
    finish: (run) => expectWheels(ctx, path.join(run.dir, "bundle", "wheels")),
  };
  const pip: ContenderSpec = {
    id: "pip-wheel-warm", label: "pip wheel -r (wheel cache filled)", tool: "pip",
    note: "index UP: pip cannot run without it",
    prepare: async (run) => {
      const cache = await ctx.artifacts.pipCache();
      ctx.index.setDown(false);
      ctx.index.resetCount();
      return [pipWheel(ctx, path.join(run.dir, "wheels"), cache, run.dir)];
    },
    observe: (_run, _m, extra) => recordRequests(extra, ctx.index.count()),
    finish: (run) => expectWheels(ctx, path.join(run.dir, "wheels")),
  };
  const contenders = await runAlternating({
    caseId: "pack-warm", caseDir: path.join(ctx.runDir, "pack-warm"), contenders: [pip, pv],
    warmup: ctx.options.warmup, runs: ctx.options.runs, rotate: true, log: ctx.log,
  });
  ctx.index.setDown(false);
  const [pipR, pvR] = contenders;
  const pipCold = ctx.done.get("pack-cold")?.contenders.find((c) => c.id === "pip-wheel-cold");
  // Counted over every run, warm-up and failed ones included: a request is a request.
  const seen = (pvR?.extra.indexRequests as number[] | undefined) ?? [];
  const pvRequests = seen.length ? Math.max(...seen) : undefined;
  return {
    id: "pack-warm",
    title: "pack, warm: everything cached; pyvendor with the index down, pip with it up",
    contenders,
    verdicts: [
      ratioVerdict("pyvendor pack warm / pip wheel cold", pvR, pipCold, { op: "<", limit: 0.05 }),
      countVerdict("index requests during pyvendor warm packs (max)", pvRequests, { op: "=", limit: 0 }, pvRequests === undefined ? "pyvendor did not run" : undefined),
      ratioVerdict("pyvendor pack warm / pip wheel warm", pvR, pipR),
    ],
    notes: [
      "The index answers nothing while down (each connection is reset and counted); pip needs it up even with every wheel cached.",
      ...(pipCold ? [] : ["pip wheel cold was not measured in this run (add pack-cold to --only) so the first ratio is missing."]),
    ],
  };
}
