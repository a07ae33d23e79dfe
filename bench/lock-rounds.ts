// `pyvendor lock` against `pip install --dry-run --report`, cold then warm, on one loose requirements.in; checks that both pin the same set.
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { BenchIndex } from "./bench-index.js";
import { benchEnv, type BenchContext } from "./context.js";
import { runAlternating, type ContenderResult, type ContenderSpec, type RunInfo } from "./harness.js";
import { pinDifferences, pinsOfPipReport, pinsOfRequirements } from "./lock-pins.js";
import type { Command } from "./measure.js";

export interface LockRoundsSetup {
  ctx: BenchContext;
  /** Case id for the log lines; contender ids are `${prefix}pip-lock-cold` etc. */
  caseId: string;
  prefix: string;
  caseDir: string;
  /** The loose requirements both tools resolve. */
  requirementsIn: string;
  index: BenchIndex;
  cold: { warmup: number; runs: number };
  warm: { warmup: number; runs: number };
  /** The pins every lock must come to, when known beforehand (the generated corpus: one version per project). */
  expected?: Map<string, string>;
}

export interface LockRounds {
  cold: ContenderResult[];
  warm: ContenderResult[];
  /** Differences between pyvendor's last lock and pip's last report (empty: the same pins); undefined when either is missing. */
  differences?: string[];
  /** Why `differences` is missing. */
  missing?: string;
}

const show = (lines: string[]) => `${lines.slice(0, 12).join("; ")}${lines.length > 12 ? `; ... (${lines.length} in all)` : ""}`;

function recordRequests(extra: Record<string, unknown>, count: number): void {
  extra.indexRequests = [...((extra.indexRequests as number[] | undefined) ?? []), count];
}

/** Measures lock cold (fresh caches every run) then lock warm (the caches of the cold part's last run). */
export async function lockRounds(s: LockRoundsSetup): Promise<LockRounds> {
  const { ctx, index, prefix } = s;
  const py = ctx.options.python;
  const kept = (name: string) => path.join(s.caseDir, "kept", name);
  await mkdir(kept(""), { recursive: true });
  const keep = async (from: string, name: string) => {
    if (!existsSync(from)) return;
    await rm(kept(name), { recursive: true, force: true });
    await rename(from, kept(name));
  };
  let pipPins: Map<string, string> | undefined;
  let pvPins: Map<string, string> | undefined;

  // --trusted-host: pip keeps no HTTP cache for a plain-http index unless its host is trusted
  // (from an https index such as PyPI it caches without being told); the index is 127.0.0.1.
  const pipLock = (run: RunInfo, cache: string, xdg: string): Command => ({
    argv: [
      py, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report", path.join(run.dir, "report.json"),
      "-r", s.requirementsIn, "-i", index.url, "--trusted-host", new URL(index.url).hostname,
    ],
    env: benchEnv({ PIP_CACHE_DIR: cache, XDG_CACHE_HOME: xdg }),
    cwd: run.dir,
  });
  const pvLock = (run: RunInfo, cache: string, xdg: string): Command => {
    const command = ctx.pyvendor.command(["lock", "-r", s.requirementsIn, "-o", path.join(run.dir, "requirements.txt"), "-i", index.url, "--cache-dir", cache, "--python", py], run.dir);
    return { ...command, env: benchEnv({ XDG_CACHE_HOME: xdg }) };
  };
  /** pip's report must pin the expected set; its pins become the reference of pyvendor's. */
  const checkPip = async (run: RunInfo) => {
    const pins = pinsOfPipReport(await readFile(path.join(run.dir, "report.json"), "utf8"));
    const diff = s.expected ? pinDifferences(pins, s.expected, { a: "pip's report", b: "the corpus" }) : [];
    if (diff.length) throw new Error(`pip's report does not pin the corpus: ${show(diff)}`);
    pipPins = pins;
  };
  /** pyvendor's lock must pin what pip's report pins (or the expected set, before pip has run). */
  const checkPv = async (run: RunInfo) => {
    const pins = pinsOfRequirements(await readFile(path.join(run.dir, "requirements.txt"), "utf8"));
    pvPins = pins;
    const reference = pipPins ?? s.expected;
    const diff = reference ? pinDifferences(pins, reference, { a: "pyvendor's lock", b: pipPins ? "pip's report" : "the corpus" }) : [];
    if (diff.length) throw new Error(`pyvendor lock wrote other pins than ${pipPins ? "pip's report" : "the corpus"}: ${show(diff)}`);
  };
  const unavailable = ctx.pyvendor.available ? {} : { unavailable: ctx.pyvendor.reason ?? "pyvendor CLI not available" };
  const counting = (extra: Record<string, unknown>) => recordRequests(extra, index.count());
  const up = () => {
    index.setDown(false);
    index.resetCount();
  };

  const pipCold: ContenderSpec = {
    id: `${prefix}pip-lock-cold`, label: `${prefix ? "real: " : ""}pip install --dry-run --report (empty PIP_CACHE_DIR)`, tool: "pip",
    prepare: async (run) => (up(), [pipLock(run, path.join(run.dir, "cache"), path.join(run.dir, "xdg"))]),
    observe: (_run, _m, extra) => counting(extra),
    finish: async (run) => {
      await checkPip(run);
      if (run.last) await keep(path.join(run.dir, "cache"), "pip-cache");
    },
  };
  const pvCold: ContenderSpec = {
    id: `${prefix}pv-lock-cold`, label: `${prefix ? "real: " : ""}pyvendor lock (empty cache)`, tool: "pyvendor", ...unavailable,
    prepare: async (run) => (up(), [pvLock(run, path.join(run.dir, "cache"), path.join(run.dir, "xdg"))]),
    observe: (_run, _m, extra) => counting(extra),
    finish: async (run) => {
      await checkPv(run);
      if (run.last) await keep(path.join(run.dir, "cache"), "pv-cache");
    },
  };
  const cold = await runAlternating({
    caseId: s.caseId, caseDir: path.join(s.caseDir, "cold"), contenders: [pipCold, pvCold],
    warmup: s.cold.warmup, runs: s.cold.runs, rotate: true, log: ctx.log,
  });

  const pipWarm: ContenderSpec = {
    id: `${prefix}pip-lock-warm`, label: `${prefix ? "real: " : ""}pip install --dry-run --report (cache filled)`, tool: "pip",
    note: "pip builds every sdist's metadata again: it caches no metadata",
    ...(existsSync(kept("pip-cache")) ? {} : { unavailable: "no pip cache: pip's cold lock failed" }),
    prepare: async (run) => (up(), [pipLock(run, kept("pip-cache"), kept("pip-xdg"))]),
    observe: (_run, _m, extra) => counting(extra),
    finish: checkPip,
  };
  const pvWarm: ContenderSpec = {
    id: `${prefix}pv-lock-warm`, label: `${prefix ? "real: " : ""}pyvendor lock (cache filled, index up)`, tool: "pyvendor",
    note: "a fresh output each run: nothing kept from an earlier lock",
    ...(!ctx.pyvendor.available || existsSync(kept("pv-cache")) ? unavailable : { unavailable: "no pyvendor cache: pyvendor's cold lock failed" }),
    prepare: async (run) => (up(), [pvLock(run, kept("pv-cache"), kept("pv-xdg"))]),
    observe: (_run, _m, extra) => counting(extra),
    finish: checkPv,
  };
  const warm = await runAlternating({
    caseId: s.caseId, caseDir: path.join(s.caseDir, "warm"), contenders: [pipWarm, pvWarm],
    warmup: s.warm.warmup, runs: s.warm.runs, rotate: true, log: ctx.log,
  });

  if (!pvPins || !pipPins) return { cold, warm, missing: !pipPins ? "pip made no report" : "pyvendor wrote no lock" };
  return { cold, warm, differences: pinDifferences(pvPins, pipPins, { a: "pyvendor's lock", b: "pip's report" }) };
}
