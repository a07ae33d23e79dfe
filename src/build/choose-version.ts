// Picks a release from an index listing (pure): the highest version every specifier and every target accepts.
import type { DistributionFile } from "../package-index/finder.js";
import { requiresPythonAllows } from "../package-index/requires-python.js";
import { compareVersions, isPrerelease, isValidVersion, mustParseSpecifierSet, normalizeVersion, versionSatisfies } from "../standards/version.js";

export interface ChooseVersionOptions {
  /** Specifier sets that must all hold ("" allows any version). */
  specifiers: string[];
  /** Allow pre-releases everywhere (--pre); otherwise only when a specifier names one. */
  pre: boolean;
  /**
   * Each target that needs the release: a file counts for it when Requires-Python allows the
   * target's Python and `usable(file)` holds (e.g. an sdist, or a wheel with a compatible tag).
   */
  targets: { pythonVersion: string; usable: (file: DistributionFile) => boolean }[];
}

export interface ChosenRelease {
  /** Normalized version. */
  version: string;
  files: DistributionFile[];
}

/** True when a specifier of `specifiers` names a pre-release (pip then allows pre-releases for it). */
export function namesPrerelease(specifiers: string[]): boolean {
  return specifiers.some((text) =>
    mustParseSpecifierSet(text).specifiers.some((s) => {
      const v = s.version.replace(/\.\*$/, "");
      return isValidVersion(v) && isPrerelease(v);
    }),
  );
}

/**
 * The highest version in `files` that satisfies every specifier (yanked files never count) and
 * has, for every target, a file it can use; undefined when there is none. Pre-releases only
 * with `pre` or when a specifier names one. Versions that are not PEP 440 are skipped.
 */
export function chooseVersion(files: DistributionFile[], options: ChooseVersionOptions): ChosenRelease | undefined {
  const allowPre = options.pre || namesPrerelease(options.specifiers);
  const byVersion = new Map<string, DistributionFile[]>();
  for (const file of files) {
    if (file.yanked !== false || !isValidVersion(file.version)) continue;
    const version = normalizeVersion(file.version);
    byVersion.set(version, [...(byVersion.get(version) ?? []), file]);
  }
  const versions = [...byVersion.keys()].sort((a, b) => compareVersions(b, a));
  for (const version of versions) {
    if (!allowPre && isPrerelease(version)) continue;
    if (!options.specifiers.every((s) => s === "" || versionSatisfies(version, s, { prereleases: true }))) continue;
    const mine = byVersion.get(version) ?? [];
    const servesAll = options.targets.every((t) =>
      mine.some((f) => requiresPythonAllows(f.requiresPython, t.pythonVersion) && t.usable(f)),
    );
    if (servesAll) return { version, files: mine };
  }
  return undefined;
}

/** The versions `files` offer (normalized, newest first), for error messages. */
export function offeredVersions(files: DistributionFile[], limit = 10): string[] {
  const all = [...new Set(files.filter((f) => isValidVersion(f.version)).map((f) => normalizeVersion(f.version)))];
  return all.sort((a, b) => compareVersions(b, a)).slice(0, limit);
}
