// Opening a releases root for a change: take its lock, read `current`, and clear what killed runs left.
import { mkdirSync, statSync } from "node:fs";
import { PyvendorError } from "../errors.js";
import type { EventSink } from "../events.js";
import { removeLeftovers } from "./gc.js";
import { rootPaths, type RootPaths } from "./layout.js";
import { scanReleases, type ReleaseScan } from "./list.js";
import { acquireRootLock, type RootLock } from "./lock.js";
import { readCurrent } from "./switch.js";

/** A releases root whose lock this process holds. Call `lock.release()` when done. */
export interface LockedRoot {
  paths: RootPaths;
  lock: RootLock;
  current: string | undefined;
  /** Complete releases after leftovers were removed. */
  scan: ReleaseScan;
}

export interface LockRootOptions {
  /** Create ROOT and ROOT/releases if missing (install); otherwise a missing root throws. */
  create: boolean;
  /** "install", "rollback" (shown to waiters). */
  command: string;
  /** Wait for another run (default true); false throws E_LOCKED. */
  wait?: boolean;
  events: EventSink;
}

/** Throws E_NOT_A_RELEASES_ROOT unless `root` holds a releases/ directory. */
export function assertReleasesRoot(paths: RootPaths): void {
  try {
    if (statSync(paths.releases).isDirectory()) return;
  } catch {
    // fall through
  }
  throw new PyvendorError("E_NOT_A_RELEASES_ROOT", `${paths.root} has no releases/ directory`, { data: { root: paths.root } });
}

/**
 * Locks the root (waiting for another install or rollback unless `wait: false`), then removes
 * leftovers of killed runs: staging directories, temp files, release directories without a
 * record. The user's own files in ROOT are never touched.
 */
export async function lockRoot(root: string, options: LockRootOptions): Promise<LockedRoot> {
  const paths = rootPaths(root);
  if (options.create) mkdirSync(paths.releases, { recursive: true });
  else assertReleasesRoot(paths);
  const lock = await acquireRootLock(paths.lockDir, {
    command: options.command,
    ...(options.wait === false ? { wait: false } : {}),
    onWait: (holder) =>
      options.events({ type: "info", message: `waiting for pid ${holder.pid} (pyvendor ${holder.command}) to finish with ${paths.root}` }),
  });
  try {
    const current = readCurrent(paths);
    const scan = scanReleases(paths);
    const removed = await removeLeftovers(paths, scan, current);
    if (removed.length > 0) {
      options.events({ type: "info", message: `removed leftovers of an interrupted run: ${removed.join(", ")}` });
    }
    return { paths, lock, current, scan: { releases: scan.releases, incomplete: scan.incomplete.filter((n) => n === current) } };
  } catch (err: unknown) {
    lock.release();
    throw err;
  }
}
