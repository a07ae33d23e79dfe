// Making a release current: switch the symlink, record the history, prune old releases.
import type { EventSink } from "../events.js";
import { pruneReleases } from "./gc.js";
import { effectiveStack, nextStack, previousRelease, readHistory, writeHistory, type HistoryEntry } from "./history.js";
import { scanReleases } from "./list.js";
import type { LockedRoot } from "./root.js";
import { switchCurrent } from "./switch.js";

export interface Switched {
  /** The release now current. */
  current: string;
  /** What `current` pointed at before (null for the first release). */
  from: string | null;
  /** The release a rollback would now go to. */
  previous: string | null;
  /** Releases removed by --keep. */
  removed: string[];
}

/**
 * Points `current` at `release` (which must be complete and intact), records the switch in the
 * history, then, when `keep` is given, removes the oldest releases beyond it, never the current
 * or the previous one. The root's lock must be held.
 */
export async function makeCurrent(
  locked: LockedRoot,
  release: string,
  options: { action: HistoryEntry["action"]; keep?: number; events: EventSink },
): Promise<Switched> {
  const { paths } = locked;
  const history = readHistory(paths);
  const stack = effectiveStack(history, locked.current);
  if (locked.current !== release) switchCurrent(paths, release);
  const next = nextStack(stack, release, options.action);
  const scan = scanReleases(paths);
  const byInstallTime = scan.releases.map((r) => r.name);
  await writeHistory(paths, history, {
    stack: next,
    entry: { at: new Date().toISOString(), action: options.action, release, from: locked.current ?? null },
    existing: new Set(byInstallTime),
  });
  const previous = previousRelease(next, byInstallTime, release) ?? null;
  const removed =
    options.keep === undefined
      ? []
      : await pruneReleases(paths, scan, options.keep, new Set([release, ...(previous ? [previous] : [])]));
  for (const name of removed) options.events({ type: "info", message: `removed old release ${name}` });
  return { current: release, from: locked.current ?? null, previous, removed };
}
