// The benchmark's output: a text table of medians, ratios and targets, and the same data as JSON in bench/results/.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CaseResult, Verdict } from "./context.js";
import type { CorpusSummary } from "./corpus/write.js";
import type { MachineInfo } from "./machine.js";
import type { BenchOptions } from "./options.js";

export interface BenchReport {
  format: "pyvendor-bench/1";
  startedAt: string;
  durationSeconds: number;
  options: BenchOptions;
  machine: MachineInfo;
  rssMethod: string;
  corpus: { dir: string; seed: string; generatorVersion: number; treeHash: string; backendWheels: string[] } & CorpusSummary["totals"];
  pyvendor: { available: boolean; version?: string; reason?: string };
  cases: CaseResult[];
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

/** Text on one line: non-empty lines joined by " | ", cut to `max` characters. */
function oneLine(text: string, max = 110): string {
  const line = text.split("\n").map((l) => l.trim()).filter(Boolean).join(" | ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
}

function verdictValue(v: Verdict): string {
  if (v.value === undefined) return "n/a";
  if (v.unit === "x") return `${v.value < 0.1 ? v.value.toFixed(3) : v.value.toFixed(2)}x`;
  if (v.unit === "MB") return `${v.value.toFixed(0)} MB`;
  return String(v.value);
}

/** The human-readable report. */
export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const c = r.corpus;
  const out = [
    `pyvendor benchmark (${r.options.quick ? "quick" : "full"}), ${r.startedAt}, ${r.durationSeconds.toFixed(0)} s`,
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, Python ${m.python}, ${m.pip}; tree ${m.commit}`,
    `corpus: ${c.packages} packages (${c.nativeExtensions} with C extensions, ${c.consoleScripts} console scripts, ${c.dependencyEdges} dependency edges), ` +
      `${c.installedFiles} installed files, ${(c.sdistBytes / 1e6).toFixed(2)} MB of sdists; seed ${JSON.stringify(c.seed)}, generator v${c.generatorVersion}, tree ${c.treeHash.slice(0, 12)}`,
    `runs: ${r.options.warmup} warm-up + ${r.options.runs} counted per contender, contenders alternating; peak RSS: ${r.rssMethod}`,
  ];
  const load = Math.max(m.loadAverage.start, m.loadAverage.end ?? 0);
  if (load > m.cores) out.push(`warning: load average reached ${load} on ${m.cores} cores: other work competed with the bench; absolute times are inflated, ratios less so`);
  out.push(`pyvendor: ${r.pyvendor.available ? r.pyvendor.version ?? "available" : r.pyvendor.reason}`);
  const rows: string[][] = [["case", "contender", "median", "min–max", "IQR", "peak RSS", "note"]];
  for (const k of r.cases) {
    k.contenders.forEach((t, i) => {
      const s = t.status === "ok" ? t.summary : undefined;
      const status = t.status === "ok" ? t.note ?? "" : t.status === "failed" ? `FAILED: ${oneLine(t.reason ?? "")}` : oneLine(t.reason ?? "unavailable");
      rows.push([
        i === 0 ? k.id : "",
        t.label,
        s ? formatMs(s.median) : "—",
        s ? `${formatMs(s.min)}–${formatMs(s.max)}` : "",
        s ? `${formatMs(s.q1)}–${formatMs(s.q3)}` : "",
        t.status === "ok" && t.peakRssKiB !== undefined ? `${(t.peakRssKiB / 1024).toFixed(0)} MB` : "",
        status,
      ]);
    });
  }
  out.push("", ...table(rows), "");
  const vrows: string[][] = [["ratio / target", "value", "target", "result", "note"]];
  for (const k of r.cases) {
    for (const v of k.verdicts) vrows.push([v.label, verdictValue(v), v.target ?? "", v.pass === undefined ? "" : v.pass ? "PASS" : "FAIL", oneLine(v.note ?? "")]);
  }
  out.push(...table(vrows), "");
  for (const k of r.cases) for (const n of k.notes) out.push(`note (${k.id}): ${n}`);
  return `${out.join("\n")}\n`;
}

/** Writes `report` as bench/results/latest.json and a timestamped copy, each atomically (temp file + rename). */
export async function writeReport(resultsDir: string, report: BenchReport): Promise<string[]> {
  await mkdir(resultsDir, { recursive: true });
  const body = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const files = [path.join(resultsDir, "latest.json"), path.join(resultsDir, `${stamp}${report.options.quick ? "-quick" : ""}.json`)];
  for (const file of files) {
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }
  return files;
}
