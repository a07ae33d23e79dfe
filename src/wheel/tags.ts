// Wheel tags for the installer's checks: the glibc a manylinux wheel needs (pure).

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
