// Small formatters for human output: sizes, durations, rates, tables.
import type { ManifestResolution } from "../bundle/manifest.js";

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 950 → "950 ms", 12_300 → "12.3 s", 125_000 → "2m05s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

/** Aligns rows of cells into columns separated by two spaces. */
export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** How a bundle's pins were chosen: "pinned" (by the requirements), else "resolved" with the options that changed the result. */
export function describeResolution(r: ManifestResolution | undefined): string {
  if (!r) return "pinned";
  const options = [...(r.pre ? ["--pre"] : []), ...r.constraints.map((c) => `-c ${c}`)];
  return `resolved${options.length ? ` (${options.join(", ")})` : ""}`;
}
