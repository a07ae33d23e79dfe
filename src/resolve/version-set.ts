// Version sets over one project's known candidate versions, as bitmasks, and their PEP 440 rendering.
//
// A project's universe is its candidate versions sorted ascending; bit i stands for versions[i]
// and bit n (n = number of versions) for "not selected". A term is any such mask: a positive term
// ("a is selected with a version in S") has no "not selected" bit, a negative one ("a is not
// selected, or its version is outside S") has it. Intersection is &, union is |, negation is ^ all.
// Because the universe is finite every operation is exact.

/** The known versions of one project (sorted ascending, no two equal) and its masks. */
export interface Universe {
  versions: string[];
  /** Every version and "not selected". */
  all: bigint;
  /** The "not selected" bit alone. */
  none: bigint;
  /** Every version, without "not selected". */
  anyVersion: bigint;
}

/** The universe of `versions`, which must already be sorted ascending and distinct. */
export function makeUniverse(versions: string[]): Universe {
  const none = 1n << BigInt(versions.length);
  return { versions, all: (none << 1n) - 1n, none, anyVersion: none - 1n };
}

/** The mask of the versions whose index passes `keep` (a positive term). */
export function maskWhere(universe: Universe, keep: (version: string, index: number) => boolean): bigint {
  let mask = 0n;
  universe.versions.forEach((version, index) => {
    if (keep(version, index)) mask |= 1n << BigInt(index);
  });
  return mask;
}

/** The indices of the versions in `mask`, ascending. */
export function indicesOf(universe: Universe, mask: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; i < universe.versions.length; i++) if ((mask >> BigInt(i)) & 1n) out.push(i);
  return out;
}

/** The number of versions in `mask` ("not selected" not counted). */
export function countVersions(universe: Universe, mask: bigint): number {
  let count = 0;
  for (let rest = mask & universe.anyVersion; rest !== 0n; rest &= rest - 1n) count++;
  return count;
}

/** The highest version index in `mask`, or -1 when it holds no version. */
export function highestIndex(universe: Universe, mask: bigint): number {
  const versions = mask & universe.anyVersion;
  return versions === 0n ? -1 : versions.toString(2).length - 1;
}

/** True when `mask` allows "not selected", i.e. it is a negative term. */
export function allowsAbsence(universe: Universe, mask: bigint): boolean {
  return (mask & universe.none) !== 0n;
}

/** The versions a term is about: a positive term's own versions, a negative term's excluded ones. */
export function termVersions(universe: Universe, mask: bigint): bigint {
  return allowsAbsence(universe, mask) ? ~mask & universe.anyVersion : mask & universe.anyVersion;
}

// One run of consecutive known versions [lo, hi] as a specifier.
function renderRun(versions: string[], lo: number, hi: number): string {
  const last = versions.length - 1;
  if (lo === hi) return `==${versions[lo]}`;
  if (lo === 0) return `<${versions[hi + 1]}`;
  if (hi === last) return `>=${versions[lo]}`;
  return `>=${versions[lo]}, <${versions[hi + 1]}`;
}

/**
 * A set of versions as PEP 440 text relative to the known versions: "==1.0" for one version, ""
 * for every version of several (the caller shows the bare name), runs as "==1.0", ">=2.0", "<2.0", ">=1.0, <2.0" joined by " | ",
 * "!=1.5" for all but one version in the middle. The empty set is "" too; callers check for it.
 */
export function renderVersions(universe: Universe, versions: bigint): string {
  const { versions: known } = universe;
  const set = versions & universe.anyVersion;
  const members = indicesOf(universe, set);
  if (members.length === 1) return `==${known[members[0] as number]}`;
  if (set === universe.anyVersion || set === 0n) return "";
  const missing = indicesOf(universe, ~set & universe.anyVersion);
  const [only] = missing;
  if (missing.length === 1 && only !== undefined && only > 0 && only < known.length - 1) return `!=${known[only]}`;
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= known.length; i++) {
    const inSet = i < known.length && ((set >> BigInt(i)) & 1n) === 1n;
    if (inSet && start < 0) start = i;
    if (!inSet && start >= 0) {
      runs.push(renderRun(known, start, i - 1));
      start = -1;
    }
  }
  return runs.join(" | ");
}
