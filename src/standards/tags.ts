// Wheel and sdist file names (PEP 427/625, PEP 425 tag sets) and ranking wheels for an interpreter.
import { PyvendorError } from "../errors.js";
import { normalizeName } from "./names.js";
import { formatVersion, parseVersion } from "./pep440.js";
import { compareCodePoints } from "./py-text.js";

export { interpreterTags, type TagEnvironment } from "./interpreter-tags.js";

/** One compatibility tag triple, lower case ("cp311", "cp311", "manylinux_2_17_x86_64"). */
export interface Tag {
  interpreter: string;
  abi: string;
  platform: string;
}

/** A parsed wheel file name. */
export interface WheelFilename {
  /** Normalized project name (PEP 503). */
  name: string;
  /** Normalized version (packaging's str(Version)). */
  version: string;
  /** The optional build tag: leading digits as a number, the rest as text ("1abc" → 1, "abc"). */
  build?: { number: number; tag: string };
  /** Every tag of the (possibly compressed) tag set, expanded: "py2.py3-none-any" → two tags. */
  tags: string[];
}

function invalid(filename: string, reason: string): PyvendorError {
  return new PyvendorError("E_INVALID_FILENAME", `Invalid wheel filename ${JSON.stringify(filename)}: ${reason}`, {
    data: { filename },
  });
}

/** "py2.py3-none-any" → ["py2-none-any", "py3-none-any"] (lower case, no duplicates). */
export function expandTagSet(tagSet: string): string[] {
  const [interpreters = "", abis = "", platforms = ""] = tagSet.split("-");
  const tags = new Set<string>();
  for (const interpreter of interpreters.split(".")) {
    for (const abi of abis.split(".")) {
      for (const platform of platforms.split(".")) tags.add(`${interpreter}-${abi}-${platform}`.toLowerCase());
    }
  }
  return [...tags];
}

/** Splits "cp311-abi3-linux_x86_64" into its parts. */
export function parseTag(tag: string): Tag {
  const [interpreter = "", abi = "", platform = ""] = tag.toLowerCase().split("-");
  return { interpreter, abi, platform };
}

// PEP 427 escaping leaves only word characters, digits, "." and "_" in the name part; as in
// packaging, Python's `$` also accepts one trailing newline.
const WHEEL_NAME_RE = /^[\p{L}\p{N}_.]*\n?$/u;

/**
 * Parses `name-version(-build)?-python-abi-platform.whl` like packaging's parse_wheel_filename.
 * Throws E_INVALID_FILENAME (wrong extension, wrong number of parts, bad name, version or build).
 */
export function parseWheelFilename(filename: string): WheelFilename {
  if (!filename.endsWith(".whl")) throw invalid(filename, "the extension must be .whl");
  const stem = filename.slice(0, -4);
  const parts = stem.split("-");
  if (parts.length !== 5 && parts.length !== 6) throw invalid(filename, "wrong number of parts");
  const [namePart = "", versionPart = ""] = parts;
  if (namePart.includes("__") || !WHEEL_NAME_RE.test(namePart)) throw invalid(filename, "invalid project name");
  const version = parseVersion(versionPart);
  if (!version) throw invalid(filename, "invalid version");
  const result: WheelFilename = { name: normalizeName(namePart), version: formatVersion(version), tags: [] };
  if (parts.length === 6) {
    const match = /^([0-9]+)([^\n]*)/.exec(parts[2] ?? "");
    if (!match) throw invalid(filename, `invalid build number ${JSON.stringify(parts[2])}`);
    result.build = { number: Number(match[1]), tag: match[2] ?? "" };
  }
  result.tags = expandTagSet(parts.slice(-3).join("-"));
  return result;
}

/** A parsed sdist file name. */
export interface SdistFilename {
  name: string;
  version: string;
  extension: ".tar.gz" | ".zip";
}

/**
 * Parses `name-version.tar.gz` / `name-version.zip` like packaging's parse_sdist_filename (the
 * version is after the last "-"). Throws E_INVALID_FILENAME.
 */
export function parseSdistFilename(filename: string): SdistFilename {
  const extension = filename.endsWith(".tar.gz") ? ".tar.gz" : filename.endsWith(".zip") ? ".zip" : undefined;
  const fail = (reason: string) =>
    new PyvendorError("E_INVALID_FILENAME", `Invalid sdist filename ${JSON.stringify(filename)}: ${reason}`, {
      data: { filename },
    });
  if (!extension) throw fail("the extension must be .tar.gz or .zip");
  const stem = filename.slice(0, -extension.length);
  const dash = stem.lastIndexOf("-");
  if (dash < 0) throw fail("no dash between name and version");
  const version = parseVersion(stem.slice(dash + 1));
  if (!version) throw fail("invalid version");
  return { name: normalizeName(stem.slice(0, dash)), version: formatVersion(version), extension };
}

/** True when `filename` is a valid wheel file name of the project `projectName` (names normalized). */
export function wheelFilenameMatches(filename: string, projectName: string): boolean {
  try {
    return parseWheelFilename(filename).name === normalizeName(projectName);
  } catch {
    return false;
  }
}

const rankCache = new WeakMap<readonly string[], Map<string, number>>();

function rankIndex(supported: readonly string[]): Map<string, number> {
  let index = rankCache.get(supported);
  if (!index) {
    index = new Map();
    supported.forEach((tag, i) => {
      if (!index?.has(tag)) index?.set(tag, i);
    });
    rankCache.set(supported, index);
  }
  return index;
}

/**
 * The rank of a wheel for an interpreter: the smallest index in `supported` (best first, as
 * interpreterTags gives it) of any of the wheel's tags; undefined when none is supported.
 */
export function wheelTagRank(wheelTags: readonly string[], supported: readonly string[]): number | undefined {
  const index = rankIndex(supported);
  let best: number | undefined;
  for (const tag of wheelTags) {
    const rank = index.get(tag.toLowerCase());
    if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  }
  return best;
}

function compareBuild(a: WheelFilename["build"], b: WheelFilename["build"]): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  if (a.number !== b.number) return a.number < b.number ? -1 : 1;
  return compareCodePoints(a.tag, b.tag);
}

/**
 * The best wheel for an interpreter, as pip picks it: the lowest tag rank wins; at equal rank the
 * higher build tag wins (any build tag beats none); then the earlier candidate. Candidates whose
 * file name is not a valid wheel name, or that no supported tag matches, are skipped.
 */
export function selectBestWheel<T extends { filename: string }>(candidates: T[], supported: readonly string[]): T | undefined {
  let best: { candidate: T; rank: number; build: WheelFilename["build"] } | undefined;
  for (const candidate of candidates) {
    let parsed: WheelFilename;
    try {
      parsed = parseWheelFilename(candidate.filename);
    } catch {
      continue;
    }
    const rank = wheelTagRank(parsed.tags, supported);
    if (rank === undefined) continue;
    if (!best || rank < best.rank || (rank === best.rank && compareBuild(parsed.build, best.build) > 0)) {
      best = { candidate, rank, build: parsed.build };
    }
  }
  return best?.candidate;
}
