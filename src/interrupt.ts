// Ctrl-C: what an interrupt must undo (child process groups to kill, scratch paths to remove), the
// short critical sections it must not cut (the renames that swap a tree into place), and the sweep
// of scratch that killed processes left behind.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const children = new Set<ChildProcess>();
const scratch = new Set<string>();
let critical = 0;
let pending: (() => void) | undefined;

/**
 * Kills `child` (its whole process group when it leads one: spawned with `detached: true`) if the
 * process is interrupted while it runs.
 */
export function trackChild(child: ChildProcess): void {
  if (child.pid === undefined) return;
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** Removes `target` (recursively) if the process is interrupted before the returned release is called. */
export function trackScratch(target: string): () => void {
  scratch.add(target);
  return () => {
    scratch.delete(target);
  };
}

/**
 * Runs `step` (a few renames) so that an interrupt arriving meanwhile waits for it to end: a tree is
 * then either wholly in place or not at all.
 */
export async function uninterruptible<T>(step: () => Promise<T>): Promise<T> {
  critical++;
  try {
    return await step();
  } finally {
    critical--;
    if (critical === 0 && pending) pending();
  }
}

/**
 * Begins an interrupt: kills every tracked child's process group, removes every tracked scratch
 * path (synchronously: the caller exits next, so no pipeline needs to be told to stop), then calls
 * `exit`. Inside an uninterruptible step, all of it waits for the step to end.
 */
export function interrupt(exit: () => void): void {
  const run = () => {
    pending = undefined;
    for (const child of children) {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    for (const target of scratch) rmSync(target, { recursive: true, force: true, maxRetries: 2 });
    exit();
  };
  if (critical > 0) pending = run;
  else run();
}

const host = () => os.hostname().replace(/[^A-Za-z0-9.]/g, "_");

/** What scratch names of this process start with: `<prefix>-<host>-<pid>-` (prefix: lower-case letters). */
export function scratchPrefix(prefix: string): string {
  return `${prefix}-${host()}-${process.pid}-`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes entries of `dir` named by scratchPrefix on this host whose process is gone (killed by
 * SIGKILL, or a crash, before it could clean up). Entries of live processes and of other hosts
 * (a cache on a shared file system) are left alone. Returns the names removed.
 */
export async function sweepDeadScratch(dir: string): Promise<string[]> {
  const ours = new RegExp(`^[a-z]+-${host().replace(/\./g, "\\.")}-(\\d+)-`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = ours.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
