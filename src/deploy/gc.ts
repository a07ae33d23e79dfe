// Removing releases: leftovers of killed runs, failed releases, and the oldest ones past --keep.
import { readdirSync, renameSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { isStagingName, isTempName, type RootPaths } from "./layout.js";
import type { ReleaseScan } from "./list.js";
import { stagingName } from "../python/stage.js";

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/**
 * Removes what killed runs left (call with the root's lock held, so no live run owns any of it):
 * temp files in ROOT and releases/, staging and set-aside directories, and release directories
 * without a record other than `current`'s. Returns the removed names. Never touches other names.
 */
export async function removeLeftovers(paths: RootPaths, scan: ReleaseScan, current: string | undefined): Promise<string[]> {
  const removed: string[] = [];
  for (const name of namesIn(paths.root)) {
    if (isTempName(name)) {
      await rm(path.join(paths.root, name), { force: true });
      removed.push(name);
    }
  }
  for (const name of namesIn(paths.releases)) {
    if (isStagingName(name) || isTempName(name)) {
      await rm(path.join(paths.releases, name), { recursive: true, force: true });
      removed.push(`releases/${name}`);
    }
  }
  for (const name of scan.incomplete) {
    if (name === current) continue;
    await removeRelease(paths, name);
    removed.push(`releases/${name}`);
  }
  return removed;
}

/**
 * Removes release `name`: renamed aside first (to a staging-style name), so it disappears from
 * the list at once and a run killed while deleting leaves only a leftover the next run removes.
 */
export async function removeRelease(paths: RootPaths, name: string): Promise<void> {
  const aside = path.join(paths.releases, stagingName(path.join(paths.releases, name), "old"));
  try {
    renameSync(path.join(paths.releases, name), aside);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}

/**
 * Removes the oldest complete releases so that at most `keep` remain, never one in `protect`
 * (the current and the previous release). Returns the removed names.
 */
export async function pruneReleases(paths: RootPaths, scan: ReleaseScan, keep: number, protect: Set<string>): Promise<string[]> {
  const newestFirst = [...scan.releases].reverse();
  const removed: string[] = [];
  let kept = 0;
  for (const entry of newestFirst) {
    if (protect.has(entry.name) || kept < keep) {
      kept++;
      continue;
    }
    await removeRelease(paths, entry.name);
    removed.push(entry.name);
  }
  return removed;
}
