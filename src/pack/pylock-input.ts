// Pack input from a PEP 751 pylock.toml: per target, the locked packages as pinned requirement lines.
import path from "node:path";
import { PyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { parsePylock, selectLockedPackages, type LockedFile, type LockedPackage, type Pylock } from "../standards/pylock.js";
import type { RequirementLine } from "../standards/requirements-file.js";
import { wheelTagRank, parseWheelFilename } from "../standards/tags.js";

/** pylock.toml or pylock.<name>.toml (the names PEP 751 allows). */
export function isPylockFile(file: string): boolean {
  return /^pylock\.([^.]+\.)?toml$/.test(path.basename(file));
}

/** Parses a lock file's text (file name for messages). */
export function readPylock(text: string, file: string): Pylock {
  return parsePylock(text, { file });
}

function sha256s(files: (LockedFile | undefined)[]): string[] {
  return files.flatMap((f) => (f?.hashes.sha256 ? [`sha256:${f.hashes.sha256.toLowerCase()}`] : []));
}

/** A local file to use instead of the index: the sdist's path, else the best local wheel for `target`. */
function localPath(pkg: LockedPackage, target: Target): string | undefined {
  if (pkg.sdist?.path && !pkg.sdist.url) return pkg.sdist.path;
  const local = pkg.wheels.filter((w) => w.path && !w.url);
  let best: { file: LockedFile; rank: number } | undefined;
  for (const w of local) {
    const rank = wheelTagRank(parseWheelFilename(w.name).tags, target.supportedTags);
    if (rank !== undefined && (!best || rank < best.rank)) best = { file: w, rank };
  }
  return best?.file.path;
}

/**
 * The lock's packages that apply to `target` (markers, environments, requires-python checked
 * by the standards layer) as `name==version` lines with every sha256 the lock gives, so that any
 * file fetched for them must be one the lock names. Packages locked to a VCS checkout, a local
 * directory or an archive URL cannot be packed from an index and are refused.
 */
export function pylockLines(lock: Pylock, target: Target): RequirementLine[] {
  return selectLockedPackages(lock, target.markers).map((pkg) => {
    const where = `${lock.file} ${pkg.at}`;
    if (pkg.vcs || pkg.directory || (pkg.archive && !pkg.archive.path)) {
      throw new PyvendorError(
        "E_PYLOCK_INVALID",
        `${where}: ${pkg.name} is locked to a ${pkg.vcs ? "VCS checkout" : pkg.directory ? "directory" : "archive URL"}, which pyvendor cannot pack`,
        { hint: "Lock a released version (an sdist or wheels on an index) for it." },
      );
    }
    if (!pkg.version) throw new PyvendorError("E_PYLOCK_INVALID", `${where}: ${pkg.name} has no version`);
    const file = localPath(pkg, target) ?? (pkg.archive?.path ? pkg.archive.path : undefined);
    return {
      requirement: { name: pkg.name, extras: [], specifier: `==${pkg.version}` },
      hashes: sha256s([pkg.sdist, ...pkg.wheels, pkg.archive]),
      source: { file: lock.file, line: 0 },
      ...(file ? { path: file } : {}),
    };
  });
}
