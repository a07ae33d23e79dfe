// Who a process is, beyond its pid: start time and boot id, so a reused pid is not mistaken for a lock holder.
import { readFileSync } from "node:fs";
import os from "node:os";

/** Enough facts to tell whether the process that wrote them still runs. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22), or null where unknown. */
  start: number | null;
  /** /proc/sys/kernel/random/boot_id, or null where unknown. */
  boot: string | null;
  host: string;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** State (field 3) and start time (field 22) of /proc/<pid>/stat, or null without /proc or process. */
function procStat(pid: number): { state: string; start: number | null } | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Fields after the parenthesized command name (which may hold spaces and parentheses).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const start = Number(fields[19]);
  return { state: fields[0] ?? "", start: Number.isFinite(start) ? start : null };
}

/** The start time of process `pid` in clock ticks since boot, or null where unknown. */
export function processStart(pid: number): number | null {
  return procStat(pid)?.start ?? null;
}

function bootId(): string | null {
  return readOrNull("/proc/sys/kernel/random/boot_id")?.trim() ?? null;
}

/** This process's identity. */
export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, start: processStart(process.pid), boot: bootId(), host: os.hostname() };
}

/**
 * False only when `who` certainly no longer runs: same host and (another boot, or no process with
 * that pid, or a zombie, or a process with that pid that started at another time). A holder on another host
 * is never judged dead (its pid means nothing here).
 */
export function isRunning(who: ProcessIdentity): boolean {
  if (who.host !== os.hostname()) return true;
  const boot = bootId();
  if (who.boot !== null && boot !== null && who.boot !== boot) return false;
  if (who.pid === process.pid) return who.start === null || who.start === processStart(process.pid);
  try {
    process.kill(who.pid, 0);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const stat = procStat(who.pid);
  if (stat === null) return true;
  // A zombie has exited; only its parent has not reaped it yet.
  if (stat.state === "Z") return false;
  return who.start === null || stat.start === null || stat.start === who.start;
}
