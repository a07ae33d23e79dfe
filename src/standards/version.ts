// PEP 440 versions and specifier sets: the public API, with packaging 26's exact semantics.
import { PyvendorError } from "../errors.js";
import { compareParsed, formatVersion, isPre, parseVersion, type Version } from "./pep440.js";
import { parseSpecifierSet, setContains, setFilter, specifierSetToString, type SpecifierSet } from "./specifier-set.js";

export { parseVersion, formatVersion, type Version } from "./pep440.js";

function mustParseVersion(text: string): Version {
  const version = parseVersion(text);
  if (!version) {
    throw new PyvendorError("E_INVALID_VERSION", `Invalid version: ${JSON.stringify(text)}`, { data: { version: text } });
  }
  return version;
}

/** Parses a specifier set; throws E_INVALID_SPECIFIER naming the text when it is not valid. */
export function mustParseSpecifierSet(text: string): SpecifierSet {
  const set = parseSpecifierSet(text);
  if (!set) {
    throw new PyvendorError("E_INVALID_SPECIFIER", `Invalid version specifier: ${JSON.stringify(text)}`, {
      data: { specifier: text },
    });
  }
  return set;
}

/** True when `v` is a valid PEP 440 version (surrounding whitespace and a leading "v" allowed). */
export function isValidVersion(v: string): boolean {
  return parseVersion(v) !== undefined;
}

/** packaging's `str(Version(v))`, e.g. "V1.0-Alpha1" → "1.0a1". Throws E_INVALID_VERSION. */
export function normalizeVersion(v: string): string {
  return formatVersion(mustParseVersion(v));
}

/** PEP 440 order of two versions: negative when a < b, 0 when equal ("1.0" == "1.0.0"), positive otherwise. Throws E_INVALID_VERSION. */
export function compareVersions(a: string, b: string): number {
  return Math.sign(compareParsed(mustParseVersion(a), mustParseVersion(b)));
}

/** True for a pre-release or development release ("1.0a1", "1.0.dev0"). Throws E_INVALID_VERSION. */
export function isPrerelease(v: string): boolean {
  return isPre(mustParseVersion(v));
}

/** True when `s` is a valid specifier set ("" is valid: it allows every version). */
export function isValidSpecifierSet(s: string): boolean {
  return parseSpecifierSet(s) !== undefined;
}

/** packaging's `str(SpecifierSet(s))`: sorted, de-duplicated, no spaces. Throws E_INVALID_SPECIFIER. */
export function normalizeSpecifierSet(s: string): string {
  return specifierSetToString(mustParseSpecifierSet(s));
}

export interface PrereleaseOptions {
  /** true: allow pre-releases; false: refuse them; undefined: packaging's default (None). */
  prereleases?: boolean;
}

/**
 * packaging's `SpecifierSet(specifierSet).contains(version, prereleases)`. A string that is not a
 * version only matches `===` (or the empty set); it does not throw. Throws E_INVALID_SPECIFIER.
 */
export function versionSatisfies(version: string, specifierSet: string, options: PrereleaseOptions = {}): boolean {
  return setContains(mustParseSpecifierSet(specifierSet), version, options.prereleases);
}

/**
 * packaging's `list(SpecifierSet(specifierSet).filter(versions, prereleases))`: the matching
 * versions in the order given; with prereleases undefined, pre-releases only when no final
 * release matches. Throws E_INVALID_SPECIFIER.
 */
export function filterVersions(versions: string[], specifierSet: string, options: PrereleaseOptions = {}): string[] {
  return setFilter(mustParseSpecifierSet(specifierSet), versions, options.prereleases);
}

/**
 * The version a set pins: for exactly one `==X` (no wildcard) the normal form of X, for exactly
 * one `===X` the text X; otherwise undefined. Throws E_INVALID_SPECIFIER.
 */
export function pinnedVersion(specifierSet: string): string | undefined {
  const { specifiers } = mustParseSpecifierSet(specifierSet);
  if (specifiers.length !== 1) return undefined;
  const [spec] = specifiers;
  if (!spec) return undefined;
  if (spec.operator === "===") return spec.version;
  if (spec.operator !== "==" || spec.version.endsWith(".*")) return undefined;
  return normalizeVersion(spec.version);
}
