// The switch history of a releases root: the stack of releases `current` went through, which rollback pops.
import { readFileSync } from "node:fs";
import { writeRootFile } from "./write-atomic.js";
import type { RootPaths } from "./layout.js";

export interface HistoryEntry {
  at: string;
  action: "install" | "reuse" | "rollback" | "switch";
  release: string;
  from: string | null;
}

/** `.pyvendor-history.json`, version 1: `stack` ends with the current release. */
export interface History {
  format: 1;
  stack: string[];
  log: HistoryEntry[];
}

const MAX_STACK = 100;
const MAX_LOG = 200;

/** The history, or an empty one when the file is missing or unreadable (it is advisory). */
export function readHistory(paths: RootPaths): History {
  try {
    const history = JSON.parse(readFileSync(paths.history, "utf8")) as History;
    if (history.format === 1 && Array.isArray(history.stack) && Array.isArray(history.log)) return history;
  } catch {
    // Missing or damaged: start over; `current` is the truth, the history only orders the past.
  }
  return { format: 1, stack: [], log: [] };
}

/**
 * The stack as it really is, given where `current` points: a process killed between switching
 * `current` and writing the history leaves them apart. If `current` is on the stack, everything
 * after its last occurrence never became (or no longer is) current; if it is not, it was switched
 * to and not yet recorded.
 */
export function effectiveStack(history: History, current: string | undefined): string[] {
  if (current === undefined) return [...history.stack];
  const last = history.stack.lastIndexOf(current);
  return last >= 0 ? history.stack.slice(0, last + 1) : [...history.stack, current];
}

/**
 * The release rollback goes to: the nearest entry below the top of `stack` that still exists and
 * differs from the top; else (no usable history) the newest release installed before the current
 * one in `byInstallTime` (oldest first).
 */
export function previousRelease(stack: string[], byInstallTime: string[], current: string | undefined): string | undefined {
  const existing = new Set(byInstallTime);
  for (let i = stack.length - 2; i >= 0; i--) {
    const name = stack[i] as string;
    if (name !== current && existing.has(name)) return name;
  }
  const at = current === undefined ? -1 : byInstallTime.indexOf(current);
  return at > 0 ? byInstallTime[at - 1] : undefined;
}

/** The stack after a switch to `release`: rollback pops to it, other switches push it. */
export function nextStack(stack: string[], release: string, action: HistoryEntry["action"]): string[] {
  if (action === "rollback") {
    const at = stack.lastIndexOf(release);
    if (at >= 0) return stack.slice(0, at + 1);
  }
  return stack.at(-1) === release ? stack : [...stack, release];
}

/** Writes the history after a switch (atomically), dropping releases that no longer exist. */
export async function writeHistory(
  paths: RootPaths,
  history: History,
  change: { stack: string[]; entry: HistoryEntry; existing: Set<string> },
): Promise<void> {
  const stack = change.stack
    .filter((name) => change.existing.has(name))
    .filter((name, i, all) => all[i - 1] !== name)
    .slice(-MAX_STACK);
  const next: History = { format: 1, stack, log: [...history.log, change.entry].slice(-MAX_LOG) };
  await writeRootFile(paths.history, `${JSON.stringify(next, null, 1)}\n`);
}
