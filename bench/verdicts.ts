// Turns contender medians into the ratios and PASS/FAIL rows of the report (targets never fail the process).
import type { Verdict } from "./context.js";
import type { ContenderResult } from "./harness.js";

export interface Target {
  op: "<=" | "<" | "=";
  limit: number;
}

function why(r: ContenderResult | undefined): string {
  if (!r) return "not run (see --only)";
  if (r.status === "failed") return `${r.id} failed`;
  if (r.status !== "ok") return r.reason ?? "unavailable";
  return `${r.id}: no samples`;
}

function judge(value: number, target: Target): boolean {
  if (target.op === "<=") return value <= target.limit;
  if (target.op === "<") return value < target.limit;
  return value === target.limit;
}

function targetText(target: Target, unit: Verdict["unit"]): string {
  const u = unit === "x" ? "x" : unit === "MB" ? " MB" : "";
  return `${target.op} ${target.limit}${u}`;
}

function median(r: ContenderResult | undefined): number | undefined {
  return r?.status === "ok" ? r.summary?.median : undefined;
}

/** `num` median / `den` median, judged against `target` when one is given. */
export function ratioVerdict(label: string, num: ContenderResult | undefined, den: ContenderResult | undefined, target?: Target): Verdict {
  const a = median(num);
  const b = median(den);
  const base: Verdict = { label, unit: "x", ...(target ? { target: targetText(target, "x") } : {}) };
  if (a === undefined || b === undefined || b === 0) return { ...base, note: a === undefined ? why(num) : why(den) };
  const value = a / b;
  return { ...base, value, ...(target ? { pass: judge(value, target) } : {}) };
}

/**
 * `num` median / the sum of the `dens` medians (e.g. a warm install against Node's own start plus
 * `cp -a`: what is left once the runtime has started), judged against `target`.
 */
export function ratioToSumVerdict(label: string, num: ContenderResult | undefined, dens: (ContenderResult | undefined)[], target: Target): Verdict {
  const a = median(num);
  const parts = dens.map(median);
  const base: Verdict = { label, unit: "x", target: targetText(target, "x") };
  if (a === undefined) return { ...base, note: why(num) };
  const missing = parts.findIndex((p) => p === undefined);
  if (missing >= 0) return { ...base, note: why(dens[missing]) };
  const b = parts.reduce((x: number, y) => x + (y as number), 0);
  if (b === 0) return { ...base, note: "the floor measured 0 ms" };
  const value = a / b;
  return { ...base, value, pass: judge(value, target) };
}

/** Peak RSS (MB, 1 MB = 1024 KiB) of a contender over its counted runs, judged against `target`. */
export function rssVerdict(label: string, r: ContenderResult | undefined, target: Target): Verdict {
  const base: Verdict = { label, unit: "MB", target: targetText(target, "MB") };
  if (r?.status !== "ok" || r.peakRssKiB === undefined) return { ...base, note: r?.status === "ok" ? "RSS not measurable here" : why(r) };
  const value = r.peakRssKiB / 1024;
  return { ...base, value, pass: judge(value, target) };
}

/** A plain measured count (e.g. index requests) judged against `target`. */
export function countVerdict(label: string, value: number | undefined, target: Target, note?: string): Verdict {
  const base: Verdict = { label, unit: "requests", target: targetText(target, "requests"), ...(note ? { note } : {}) };
  return value === undefined ? base : { ...base, value, pass: judge(value, target) };
}

/** Two locks pin the same set: the number of differing pins, judged "= 0"; `differences` undefined when a side is missing (`missing` says why). */
export function samePinsVerdict(label: string, differences: string[] | undefined, missing?: string): Verdict {
  const base: Verdict = { label, unit: "pins", target: "= 0" };
  if (!differences) return { ...base, note: missing ?? "not compared" };
  return { ...base, value: differences.length, pass: differences.length === 0, ...(differences.length ? { note: differences.slice(0, 6).join("; ") } : {}) };
}
