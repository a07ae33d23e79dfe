// Sdist archive formats by file name (pure): every one pip accepts, and which to prefer.

/** The archive formats an sdist may come in. */
export type SdistFormat = "tar.gz" | "tar.bz2" | "tar.xz" | "tar.lzma" | "tar" | "zip";

/** File name suffixes (lower case) and their formats, longest first where one ends another. */
const SUFFIXES: [string, SdistFormat][] = [
  [".tar.gz", "tar.gz"], [".tgz", "tar.gz"],
  [".tar.bz2", "tar.bz2"], [".tbz", "tar.bz2"],
  [".tar.xz", "tar.xz"], [".txz", "tar.xz"],
  [".tar.lzma", "tar.lzma"], [".tlz", "tar.lzma"], [".tar.lz", "tar.lzma"],
  [".tar", "tar"],
  [".zip", "zip"],
];

/** Preference when a release has several sdists: .tar.gz (PEP 625's one format), then the others. */
const RANK: SdistFormat[] = ["tar.gz", "zip", "tar.xz", "tar.bz2", "tar", "tar.lzma"];

/** The sdist suffix `filename` ends with (case-insensitive) and its format, or undefined. */
export function sdistSuffix(filename: string): { suffix: string; format: SdistFormat } | undefined {
  const lower = filename.toLowerCase();
  const found = SUFFIXES.find(([suffix]) => lower.endsWith(suffix));
  return found ? { suffix: filename.slice(filename.length - found[0].length), format: found[1] } : undefined;
}

/** Orders sdist file names best first (for Array.prototype.sort); unknown names last. */
export function compareSdistFormats(a: string, b: string): number {
  const rank = (name: string) => {
    const format = sdistSuffix(name)?.format;
    return format === undefined ? RANK.length : RANK.indexOf(format);
  };
  return rank(a) - rank(b);
}

/**
 * Name and version of an sdist file name in any format (`name-version` + suffix, the version
 * after the last `-`), both as written; undefined when it is not one. packaging's
 * parse_sdist_filename knows only .tar.gz and .zip, so pylock validation keeps to that.
 */
export function splitSdistFilename(filename: string): { name: string; version: string; format: SdistFormat } | undefined {
  const found = sdistSuffix(filename);
  if (!found) return undefined;
  const stem = filename.slice(0, -found.suffix.length);
  const dash = stem.lastIndexOf("-");
  if (dash <= 0 || dash === stem.length - 1) return undefined;
  return { name: stem.slice(0, dash), version: stem.slice(dash + 1), format: found.format };
}
