// `releases`: what a releases root holds, which release is current and which one rollback would go to.
import { effectiveStack, previousRelease, readHistory } from "./history.js";
import { rootPaths } from "./layout.js";
import { scanReleases } from "./list.js";
import { assertReleasesRoot } from "./root.js";
import { readCurrent } from "./switch.js";

export interface ReleaseStatus {
  name: string;
  path: string;
  current: boolean;
  /** The release a plain `rollback` would switch to. */
  previous: boolean;
  bundleId: string;
  label: string | null;
  installedAt: string;
  python: string;
  pythonVersion: string;
  packages: number;
  relocatable: boolean;
}

export interface RootStatus {
  root: string;
  current: string | null;
  previous: string | null;
  /** Oldest first. */
  releases: ReleaseStatus[];
  /** Release directories without a record (an install is running, or was killed; the next one removes them). */
  incomplete: string[];
}

/** Reads the root without taking its lock: every state it can be in is consistent. */
export function releasesStatus(root: string): RootStatus {
  const paths = rootPaths(root);
  assertReleasesRoot(paths);
  const current = readCurrent(paths);
  const scan = scanReleases(paths);
  const names = scan.releases.map((r) => r.name);
  const previous = previousRelease(effectiveStack(readHistory(paths), current), names, current) ?? null;
  return {
    root: paths.root,
    current: current ?? null,
    previous,
    releases: scan.releases.map(({ name, dir, record }) => ({
      name,
      path: dir,
      current: name === current,
      previous: name === previous,
      bundleId: record.bundleId,
      label: record.name ? `${record.name}${record.version ? ` ${record.version}` : ""}` : null,
      installedAt: record.installedAt,
      python: record.python.executable,
      pythonVersion: record.python.version,
      packages: record.packages.length,
      relocatable: record.relocatable,
    })),
    incomplete: scan.incomplete,
  };
}
