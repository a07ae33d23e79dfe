// Runs a case's contenders in alternation (warm-up rounds, then counted rounds) and collects their timings.
import { spawnSync } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { measureSteps, type Command, type Measurement } from "./measure.js";
import { summarize, type Summary } from "./stats.js";

export type Tool = "pyvendor" | "pip" | "floor";

export interface RunInfo {
  /** 0-based round number; rounds below the warm-up count are not counted. */
  round: number;
  counted: boolean;
  /** True for the final round: the place to keep outputs for later cases and to check them. */
  last: boolean;
  /** A fresh, empty scratch directory for this run; removed after `finish`. */
  dir: string;
}

export interface ContenderSpec {
  id: string;
  label: string;
  tool: Tool;
  /** Shown next to the contender in the table. */
  note?: string;
  /** Set when the contender cannot run here (e.g. "pyvendor CLI not available yet"). */
  unavailable?: string;
  /** Untimed setup of one run; returns the commands whose wall time is the run's time. */
  prepare(run: RunInfo): Promise<Command[]>;
  /** Untimed, after every run, failed or not: record what the run did (e.g. index requests), restore state. */
  observe?(run: RunInfo, m: Measurement, extra: Record<string, unknown>): Promise<void> | void;
  /** Untimed work after a successful run: checks, keeping outputs. Throwing marks the contender failed. */
  finish?(run: RunInfo, m: Measurement, extra: Record<string, unknown>): Promise<void>;
}

export interface ContenderResult {
  id: string;
  label: string;
  tool: Tool;
  note?: string;
  status: "ok" | "failed" | "unavailable";
  reason?: string;
  samplesMs: number[];
  rssKiB: number[];
  summary?: Summary;
  peakRssKiB?: number;
  /** Per-contender facts found while running (index requests, installed files...). */
  extra: Record<string, unknown>;
}

export interface AlternationOptions {
  caseId: string;
  caseDir: string;
  contenders: ContenderSpec[];
  warmup: number;
  runs: number;
  /** Reverse the contender order every other round, so no one always goes first. */
  rotate: boolean;
  log: (line: string) => void;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/**
 * Runs `warmup + runs` rounds; each round runs every available contender once. A contender that
 * fails (non-zero exit or a failed check) is dropped for the rest of the case and reported with
 * the tail of its output. Scratch directories are removed and `sync` is run between runs, outside
 * the timed region, so one run's write-back does not land in the next one's time.
 */
export async function runAlternating(o: AlternationOptions): Promise<ContenderResult[]> {
  const results = o.contenders.map((c): ContenderResult => ({
    id: c.id, label: c.label, tool: c.tool, ...(c.note ? { note: c.note } : {}),
    status: c.unavailable ? "unavailable" : "ok", ...(c.unavailable ? { reason: c.unavailable } : {}),
    samplesMs: [], rssKiB: [], extra: {},
  }));
  const rounds = o.warmup + o.runs;
  for (let round = 0; round < rounds; round++) {
    const order = o.contenders.map((c, i) => ({ c, r: results[i] as ContenderResult }));
    if (o.rotate && round % 2 === 1) order.reverse();
    for (const { c, r } of order) {
      if (r.status !== "ok") continue;
      const run: RunInfo = { round, counted: round >= o.warmup, last: round === rounds - 1, dir: path.join(o.caseDir, `${c.id}-r${round}`) };
      await rm(run.dir, { recursive: true, force: true });
      await mkdir(run.dir, { recursive: true });
      try {
        const m = await measureSteps(await c.prepare(run));
        const tag = run.counted ? `run ${round - o.warmup + 1}/${o.runs}` : "warm-up";
        o.log(`  [${o.caseId}] ${tag.padEnd(9)} ${c.id.padEnd(22)} ${seconds(m.ms).padStart(9)}${m.exitCode ? `  exit ${m.exitCode}` : ""}`);
        await c.observe?.(run, m, r.extra);
        if (m.exitCode !== 0) throw new Error(`exit ${m.exitCode}\n${m.stderrTail || m.stdoutTail}`);
        await c.finish?.(run, m, r.extra);
        if (run.counted) {
          r.samplesMs.push(m.ms);
          if (m.maxRssKiB !== undefined) r.rssKiB.push(m.maxRssKiB);
        }
      } catch (err: unknown) {
        r.status = "failed";
        r.reason = err instanceof Error ? err.message : String(err);
        o.log(`  [${o.caseId}] ${c.id} FAILED: ${r.reason.split("\n").slice(0, 12).join("\n    ")}`);
      }
      await rm(run.dir, { recursive: true, force: true });
      spawnSync("sync");
    }
  }
  for (const r of results) {
    const s = summarize(r.samplesMs);
    if (s && r.status === "ok") r.summary = s;
    if (r.rssKiB.length) r.peakRssKiB = Math.max(...r.rssKiB);
  }
  return results;
}
