// `rollback`: make the previous release (or a named one) current again, in milliseconds.
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { silentSink, type EventSink } from "../events.js";
import { effectiveStack, previousRelease, readHistory } from "./history.js";
import type { ReleaseScan } from "./list.js";
import { makeCurrent } from "./make-current.js";
import { releaseProblem } from "./record.js";
import { lockRoot } from "./root.js";

export interface RollbackOptions {
  root: string;
  /** A release name (or a unique prefix of one, or of its bundle id); default: the previous release. */
  to?: string;
  /** Wait for another install or rollback (default true); false throws E_LOCKED. */
  wait?: boolean;
  events?: EventSink;
}

export interface RollbackResult {
  root: string;
  /** The release now current, and its directory. */
  release: string;
  path: string;
  from: string | null;
  /** Where a further rollback would go. */
  previous: string | null;
  durationMs: number;
}

/** The release `spec` names: exact name, else the one release whose name or bundle id starts with it. */
export function findRelease(scan: ReleaseScan, spec: string): string {
  const names = scan.releases.map((r) => r.name);
  if (names.includes(spec)) return spec;
  const id = spec.replace(/^sha256:/, "");
  const matches = scan.releases.filter(
    (r) => r.name.startsWith(spec) || (id.length >= 4 && r.record.bundleId.replace(/^sha256:/, "").startsWith(id)),
  );
  if (matches.length === 1) return (matches[0] as { name: string }).name;
  throw new PyvendorError(
    "E_RELEASE_NOT_FOUND",
    matches.length > 1
      ? `"${spec}" matches ${matches.length} releases: ${matches.map((m) => m.name).join(", ")}`
      : `No release "${spec}"; the releases are: ${names.join(", ") || "(none)"}`,
    { data: { spec, releases: names } },
  );
}

/**
 * Switches `current` back to the release it pointed at before the present one (popping the
 * history), or to `to`. The target must be intact (its files match its record). Throws
 * E_NO_PREVIOUS_RELEASE, E_RELEASE_NOT_FOUND, E_RELEASE_DAMAGED, E_LOCKED, E_NOT_A_RELEASES_ROOT.
 */
export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const locked = await lockRoot(options.root, {
    create: false,
    command: "rollback",
    events,
    ...(options.wait === false ? { wait: false } : {}),
  });
  try {
    const { paths, current, scan } = locked;
    let target: string;
    if (options.to !== undefined) target = findRelease(scan, options.to);
    else {
      const byInstallTime = scan.releases.map((r) => r.name);
      const previous = previousRelease(effectiveStack(readHistory(paths), current), byInstallTime, current);
      if (previous === undefined) {
        const others = byInstallTime.filter((name) => name !== current);
        const where = current === undefined ? `${paths.root} has no current release` : `${current} is the oldest release in ${paths.root}'s history: there is nothing further back to roll back to`;
        throw new PyvendorError("E_NO_PREVIOUS_RELEASE", others.length ? `${where} (the other releases: ${others.join(", ")})` : `${where} (it is the only release)`, {
          hint: others.length
            ? `Switch to another release by name: pyvendor rollback ${paths.root} --to ${others.at(-1) as string}`
            : "Install another release first; rollback then switches back to this one.",
          data: { root: paths.root, current: current ?? null, releases: others },
        });
      }
      target = previous;
    }
    const dir = path.join(paths.releases, target);
    const problem = releaseProblem(dir, undefined, { quick: true });
    if (problem !== undefined) {
      throw new PyvendorError("E_RELEASE_DAMAGED", `Release ${target} is damaged: ${problem}`, { data: { release: target, problem } });
    }
    const switched = await makeCurrent(locked, target, { action: options.to !== undefined ? "switch" : "rollback", events });
    return {
      root: paths.root,
      release: target,
      path: dir,
      from: switched.from,
      previous: switched.previous,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    locked.lock.release();
  }
}
