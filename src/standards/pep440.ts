// PEP 440 versions as data: parse, print in normal form and order exactly as packaging's Version.
//
// The grammar is @renovatebot/pep440's VERSION_PATTERN (the same language as packaging's); the
// rest is ours, because the library turns numbers into JavaScript floats (wrong above 2^53, and
// "0x1"/"1e3"/"Infinity" local segments become numbers) and its ordering inherits that.
import { VERSION_PATTERN } from "@renovatebot/pep440/lib/version.js";
import { compareCodePoints, isAsciiDigits, pyStrip } from "./py-text.js";

/** A parsed version. Numbers are bigint because PEP 440 puts no bound on them. */
export interface Version {
  epoch: bigint;
  release: bigint[];
  pre?: { letter: "a" | "b" | "rc"; number: bigint };
  post?: bigint;
  dev?: bigint;
  /** Local segments: digits-only parts are numbers, the rest lower-cased strings. */
  local?: (string | bigint)[];
}

// packaging strips Python whitespace around a version and matches case-insensitively.
const VERSION_RE = new RegExp(`^${VERSION_PATTERN}$`, "i");

const PRE_LETTERS: Record<string, "a" | "b" | "rc"> = {
  a: "a", alpha: "a", b: "b", beta: "b", c: "rc", rc: "rc", pre: "rc", preview: "rc",
};

/** Parses `text` like packaging's `Version(text)`; undefined when it is not a valid version. */
export function parseVersion(text: string): Version | undefined {
  const groups = VERSION_RE.exec(pyStrip(text))?.groups;
  if (!groups || groups.release === undefined) return undefined;
  const version: Version = {
    epoch: groups.epoch ? BigInt(groups.epoch) : 0n,
    release: groups.release.split(".").map((part) => BigInt(part)),
  };
  if (groups.pre_l) {
    version.pre = { letter: PRE_LETTERS[groups.pre_l.toLowerCase()] ?? "rc", number: BigInt(groups.pre_n || 0) };
  }
  const postNumber = groups.post_n1 || groups.post_n2;
  if (groups.post_l || postNumber) version.post = BigInt(postNumber || 0);
  if (groups.dev_l) version.dev = BigInt(groups.dev_n || 0);
  if (groups.local !== undefined) {
    version.local = groups.local
      .split(/[._-]/)
      .map((part) => (isAsciiDigits(part) ? BigInt(part) : part.toLowerCase()));
  }
  return version;
}

/** The "public" part (without local segment). */
export function publicOf(version: Version): Version {
  if (version.local === undefined) return version;
  const { local: _local, ...rest } = version;
  return rest;
}

/** The normal form: packaging's `str(Version(...))`, e.g. "1.0a1.post2.dev3+ubuntu.1". */
export function formatVersion(version: Version): string {
  let text = version.release.join(".");
  if (version.epoch !== 0n) text = `${version.epoch}!${text}`;
  if (version.pre) text += `${version.pre.letter}${version.pre.number}`;
  if (version.post !== undefined) text += `.post${version.post}`;
  if (version.dev !== undefined) text += `.dev${version.dev}`;
  if (version.local !== undefined) text += `+${version.local.join(".")}`;
  return text;
}

/** True for a pre-release or development release (packaging's `is_prerelease`). */
export function isPre(version: Version): boolean {
  return version.pre !== undefined || version.dev !== undefined;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trimmedRelease(release: bigint[]): bigint[] {
  let end = release.length;
  while (end > 0 && release[end - 1] === 0n) end--;
  return release.slice(0, end);
}

function compareSequences<T>(a: T[], b: T[], cmp: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = cmp(a[i] as T, b[i] as T);
    if (d !== 0) return d;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

const PRE_RANK = { a: 0n, b: 1n, rc: 2n } as const;

// (pre rank, pre number, post rank, post number, dev rank, dev number), as packaging's _cmpkey.
function suffixKey(v: Version): bigint[] {
  let preRank: bigint;
  let preNumber = 0n;
  if (v.pre === undefined && v.post === undefined && v.dev !== undefined) preRank = -1n;
  else if (v.pre === undefined) preRank = 3n;
  else {
    preRank = PRE_RANK[v.pre.letter];
    preNumber = v.pre.number;
  }
  return [
    preRank, preNumber,
    v.post === undefined ? 0n : 1n, v.post ?? 0n,
    v.dev === undefined ? 1n : 0n, v.dev ?? 0n,
  ];
}

// Local segments: strings sort before numbers, strings by code point, numbers numerically.
function compareLocalSegment(a: string | bigint, b: string | bigint): number {
  if (typeof a === "bigint" && typeof b === "bigint") return cmpBig(a, b);
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  return typeof a === "string" ? -1 : 1;
}

/** Orders two parsed versions by PEP 440: negative, zero or positive. */
export function compareParsed(a: Version, b: Version): number {
  const byEpoch = cmpBig(a.epoch, b.epoch);
  if (byEpoch !== 0) return byEpoch;
  const byRelease = compareSequences(trimmedRelease(a.release), trimmedRelease(b.release), cmpBig);
  if (byRelease !== 0) return byRelease;
  const bySuffix = compareSequences(suffixKey(a), suffixKey(b), cmpBig);
  if (bySuffix !== 0) return bySuffix;
  if (a.local === undefined || b.local === undefined) {
    return a.local === b.local ? 0 : a.local === undefined ? -1 : 1;
  }
  return compareSequences(a.local, b.local, compareLocalSegment);
}
