// Wheel tag matching for the installer's checks: best wheel by rank, manylinux glibc needs (pure).
import { wheelTagRank } from "../standards/tags.js";

/** Index of the best (first) supported tag the wheel has, or -1 when none matches. */
export function tagRank(wheelTags: readonly string[], supportedTags: readonly string[]): number {
  return wheelTagRank(wheelTags, supportedTags) ?? -1;
}

/** The wheel with the best rank among `wheels`, or undefined when none fits (ties: first given). */
export function selectBestWheel<T extends { tags: readonly string[] }>(wheels: readonly T[], supportedTags: readonly string[]): T | undefined {
  let best: T | undefined;
  let bestRank = Infinity;
  for (const wheel of wheels) {
    const rank = tagRank(wheel.tags, supportedTags);
    if (rank >= 0 && rank < bestRank) {
      best = wheel;
      bestRank = rank;
    }
  }
  return best;
}

const LEGACY: Record<string, [number, number]> = { manylinux1: [2, 5], manylinux2010: [2, 12], manylinux2014: [2, 17] };

/** For a manylinux platform tag, the glibc it needs and its architecture; undefined otherwise. */
export function manylinuxGlibc(platform: string): { glibc: [number, number]; arch: string } | undefined {
  const m = /^manylinux_(\d+)_(\d+)_(.+)$/.exec(platform);
  if (m) return { glibc: [Number(m[1]), Number(m[2])], arch: m[3] as string };
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(platform);
  if (legacy) return { glibc: LEGACY[legacy[1] as string] as [number, number], arch: legacy[2] as string };
  return undefined;
}

/** Splits `py-abi-platform`. */
export function splitTag(tag: string): { python: string; abi: string; platform: string } {
  const [python = "", abi = "", ...rest] = tag.split("-");
  return { python, abi, platform: rest.join("-") };
}

/**
 * When a wheel fits the target except for the glibc its manylinux tags need, the lowest glibc
 * it needs; undefined when the mismatch is something else (Python, ABI, architecture).
 */
export function glibcShortfall(wheelTags: readonly string[], supportedTags: readonly string[]): [number, number] | undefined {
  const supportedLinux = new Set<string>();
  for (const t of supportedTags) {
    const { python, abi, platform } = splitTag(t);
    const ml = manylinuxGlibc(platform);
    if (ml) supportedLinux.add(`${python}-${abi}-${ml.arch}`);
  }
  let lowest: [number, number] | undefined;
  for (const t of wheelTags) {
    const { python, abi, platform } = splitTag(t);
    const ml = manylinuxGlibc(platform);
    if (!ml || !supportedLinux.has(`${python}-${abi}-${ml.arch}`)) continue;
    if (!lowest || ml.glibc[0] < lowest[0] || (ml.glibc[0] === lowest[0] && ml.glibc[1] < lowest[1])) lowest = ml.glibc;
  }
  return lowest;
}
