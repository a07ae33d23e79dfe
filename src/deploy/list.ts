// The releases of a root: complete ones (with a record) by install time, and incomplete leftovers.
import { readdirSync } from "node:fs";
import path from "node:path";
import { isReleaseName, type RootPaths } from "./layout.js";
import { readRecord, type ReleaseRecord } from "./record.js";

export interface ReleaseEntry {
  name: string;
  dir: string;
  record: ReleaseRecord;
}

export interface ReleaseScan {
  /** Complete releases, oldest first (by installedAt, then name). */
  releases: ReleaseEntry[];
  /** Release directories without a record: a run was killed before it finished them. */
  incomplete: string[];
}

/** Reads every release directory's record; a missing releases/ gives an empty scan. */
export function scanReleases(paths: RootPaths): ReleaseScan {
  let names: string[];
  try {
    names = readdirSync(paths.releases);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { releases: [], incomplete: [] };
    throw err;
  }
  const releases: ReleaseEntry[] = [];
  const incomplete: string[] = [];
  for (const name of names) {
    if (!isReleaseName(name)) continue;
    const dir = path.join(paths.releases, name);
    const record = readRecord(dir);
    if (record) releases.push({ name, dir, record });
    else incomplete.push(name);
  }
  releases.sort((a, b) =>
    a.record.installedAt === b.record.installedAt ? (a.name < b.name ? -1 : 1) : a.record.installedAt < b.record.installedAt ? -1 : 1,
  );
  return { releases, incomplete: incomplete.sort() };
}
