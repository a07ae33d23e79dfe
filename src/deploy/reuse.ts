// Re-installing a bundle that already has a release: find it, prove it intact, and pick names for new ones.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { shortBundleId, type Manifest } from "../bundle/manifest.js";
import { findPython } from "../python/discover.js";
import { removeRelease } from "./gc.js";
import { bundleLabels, releaseDirName } from "./layout.js";
import type { ReleaseEntry } from "./list.js";
import { releaseProblem } from "./record.js";
import type { LockedRoot } from "./root.js";

/** An interpreter as a release record names it. */
export interface PythonIdentity {
  executable: string;
  realExecutable: string;
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The interpreter an install of `manifest` would use, found without running it (the same order
 * as the full install: `spec`, else the first bundle target's major.minor found, else python3).
 * Undefined when none is found (the full install then reports it).
 */
export async function expectedPython(
  manifest: Pick<Manifest, "targets">,
  spec: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<PythonIdentity | undefined> {
  const specs = spec ? [spec] : [...manifest.targets.map((t) => t.pythonVersion.split(".").slice(0, 2).join(".")), "python3"];
  for (const s of specs) {
    try {
      const executable = await findPython(s, { env });
      return { executable, realExecutable: realOrSelf(executable) };
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function samePython(a: PythonIdentity, b: PythonIdentity): boolean {
  return a.executable === b.executable || realOrSelf(a.realExecutable) === realOrSelf(b.realExecutable);
}

/** What a release must have been made with to be reused. */
export interface ReuseKey {
  bundleId: string;
  python: PythonIdentity;
  relocatable: boolean;
}

/**
 * The intact release of the bundle made for the same interpreter (and relocatable or not), if
 * any. Damaged releases of it that are not current are removed on the way (the caller rebuilds).
 */
export async function findReusable(locked: LockedRoot, key: ReuseKey): Promise<ReleaseEntry | undefined> {
  const { bundleId } = key;
  for (const entry of locked.scan.releases) {
    const r = entry.record;
    if (r.bundleId !== bundleId || r.relocatable !== key.relocatable || !samePython(r.python, key.python)) continue;
    if (releaseProblem(entry.dir, bundleId) === undefined) return entry;
    if (entry.name !== locked.current) {
      await removeRelease(locked.paths, entry.name);
      locked.scan.releases = locked.scan.releases.filter((r) => r !== entry);
    }
  }
  return undefined;
}

/** A free directory name for a new release of `manifest`: `<name>-<version>-<short id>[-N]`. */
export function newReleaseName(locked: LockedRoot, manifest: Manifest): string {
  const labels = bundleLabels(manifest, shortBundleId(manifest.id));
  for (let attempt = 1; ; attempt++) {
    const name = releaseDirName(labels, attempt);
    if (!existsSync(path.join(locked.paths.releases, name))) return name;
  }
}
