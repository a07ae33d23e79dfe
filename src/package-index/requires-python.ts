// Requires-Python filtering of distribution files (PEP 345 / PEP 503 data-requires-python).
import { isValidSpecifierSet, versionSatisfies } from "../standards/version.js";

/**
 * True when a file declaring `spec` may be used on Python `pythonVersion` (e.g. "3.11.7").
 * No spec, or a spec that is not valid PEP 440, allows every version (as pip does). Pure.
 */
export function requiresPythonAllows(spec: string | undefined, pythonVersion: string): boolean {
  if (spec === undefined || spec.trim() === "") return true;
  const cleaned = spec.trim().replace(/,\s*$/, "");
  if (!isValidSpecifierSet(cleaned)) return true;
  return versionSatisfies(pythonVersion, cleaned, { prereleases: true });
}

/** True when at least one of `pythonVersions` is allowed (an empty list allows everything). */
export function requiresPythonAllowsAny(spec: string | undefined, pythonVersions: readonly string[]): boolean {
  return pythonVersions.length === 0 || pythonVersions.some((v) => requiresPythonAllows(spec, v));
}
