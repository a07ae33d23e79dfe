// Distribution filenames as found on index pages: lenient parsing that skips what is not a dist.
import { normalizeName } from "../standards/names.js";
import { sdistSuffix } from "../standards/sdist-formats.js";
import { isValidVersion, normalizeVersion } from "../standards/version.js";

export { normalizeName };

/** PEP 440 normalized form of `version` (e.g. "1.0-post1" → "1.0.post1"), or it as given if invalid. */
export function normalizeVersionLeniently(version: string): string {
  return isValidVersion(version) ? normalizeVersion(version) : version;
}

const valid = isValidVersion;

export interface DistName {
  /** Normalized project name. */
  project: string;
  version: string;
  kind: "sdist" | "wheel";
}

/**
 * Project, version and kind of a wheel or sdist filename; undefined for anything else
 * (eggs, installers, checksums). `project` (normalized), when given, settles where an sdist's
 * name ends, since sdist names may contain dashes; a file of another project gives undefined.
 */
export function parseDistFilename(filename: string, project?: string): DistName | undefined {
  if (filename.endsWith(".whl")) {
    const parts = filename.slice(0, -4).split("-");
    if (parts.length !== 5 && parts.length !== 6) return undefined;
    const [name = "", version = ""] = parts;
    if (!valid(version)) return undefined;
    const normalized = normalizeName(name);
    if (project !== undefined && normalized !== project) return undefined;
    return { project: normalized, version, kind: "wheel" };
  }
  const suffix = sdistSuffix(filename)?.suffix;
  if (!suffix) return undefined;
  const stem = filename.slice(0, -suffix.length);
  // Try every dash as the name/version boundary, last first; the project, if known, must match.
  for (let i = stem.lastIndexOf("-"); i > 0; i = stem.lastIndexOf("-", i - 1)) {
    const name = normalizeName(stem.slice(0, i));
    const version = stem.slice(i + 1);
    if (project !== undefined && name !== project) continue;
    if (!valid(version)) continue;
    return { project: name, version, kind: "sdist" };
  }
  return undefined;
}
