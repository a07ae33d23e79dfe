// writeBundle: the bundle writer the pack pipeline calls (directory, .tar.gz or .zip).
import { lstat } from "node:fs/promises";
import path from "node:path";
import { isErrno, PyvendorError } from "../errors.js";
import { kindFromName, listedFiles, type BundleKind } from "./layout.js";
import { bundleTexts } from "./lockfiles.js";
import type { Manifest } from "./manifest.js";
import { epochToIso, finalizeManifest } from "./normalize.js";
import { openBundle } from "./read.js";
import { validateManifest } from "./validate.js";
import { DEFAULT_ARCHIVE_EPOCH, writeArchiveBundle } from "./write-archive.js";
import { checkDirOutput, writeDirBundle } from "./write-dir.js";
import { checkCanCreate, userPathError } from "../user-paths.js";

export interface BundleFile {
  /** "wheels/<wheel file>" or "sources/<sdist file>", as listed in the manifest. */
  bundlePath: string;
  /** Absolute path of the file on disk (e.g. in the cache). */
  source: string;
}

export interface WriteBundleOptions {
  output: string;
  /** Default: from the output name (.tar.gz/.tgz, .zip, else a directory). */
  format?: BundleKind;
  manifest: Manifest;
  /**
   * The files the manifest lists. For a directory output, files the existing bundle already
   * holds with the same sha256 may be left out (they are reused).
   */
  files: BundleFile[];
  /** Seconds; default: $SOURCE_DATE_EPOCH. Sets `created` and the archive entry times. */
  sourceDateEpoch?: number;
}

export interface WriteBundleResult {
  /** Absolute path written. */
  output: string;
  format: BundleKind;
  /** The manifest as written (arrays sorted, id recomputed, `created` set from the epoch). */
  manifest: Manifest;
  /** Bundle paths written anew, reused unchanged (hardlinked, directories only) and removed. */
  written: string[];
  reused: string[];
  removed: string[];
}

/** A SOURCE_DATE_EPOCH value in seconds (undefined when unset or empty); E_CONFIG when malformed. */
export function parseSourceDateEpoch(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new PyvendorError("E_CONFIG", `SOURCE_DATE_EPOCH must be a whole number of seconds, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** An archive output may replace only a bundle archive. */
async function checkArchiveOutput(output: string): Promise<void> {
  let info;
  try {
    info = await lstat(output);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return;
    throw userPathError(err, output, "write the bundle");
  }
  const refuse = (cause?: unknown) =>
    new PyvendorError("E_OUTPUT_EXISTS", `${output} exists and is not a bundle archive`, { ...(cause ? { cause } : {}), data: { path: output } });
  if (!info.isFile()) throw refuse();
  try {
    const reader = await openBundle(output);
    await reader.close();
  } catch (err: unknown) {
    throw refuse(err);
  }
}

/**
 * Checks, before any work, that a bundle can be written to `output` (a directory, or an archive
 * by its name or `format`): its parents can be made and written (E_IO naming the path that is in
 * the way), and what is there already is a bundle or, for a directory, nothing (E_OUTPUT_EXISTS).
 * Creates nothing.
 */
export async function checkBundleOutput(output: string, format?: BundleKind): Promise<void> {
  const full = path.resolve(output);
  await checkCanCreate(full, "write the bundle");
  if ((format ?? kindFromName(full)) === "dir") await checkDirOutput(full);
  else await checkArchiveOutput(full);
}

/**
 * Writes a bundle: manifest.json (sorted, id recomputed), requirements.lock, pylock.toml, and
 * every listed file, verified against the manifest's size and sha256 while copied. The same
 * manifest and file contents give byte-identical output whatever the source paths, their
 * mtimes or modes, the clock, the time zone or the umask. Directories are written incrementally
 * and atomically (see writeDirBundle), archives via a temp file and a rename.
 * Throws E_MANIFEST_INVALID / E_UNSAFE_PATH for a bad manifest, E_OUTPUT_EXISTS, E_BUNDLE_FILE_MISSING,
 * E_HASH_MISMATCH, E_BUNDLE_SIZE_MISMATCH, E_CONFIG (bad SOURCE_DATE_EPOCH); plain Error for a
 * file that the manifest does not list.
 */
export async function writeBundle(options: WriteBundleOptions): Promise<WriteBundleResult> {
  const output = path.resolve(options.output);
  const format = options.format ?? kindFromName(output);
  const epoch = options.sourceDateEpoch ?? parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const { created: _created, ...rest } = options.manifest;
  const manifest = finalizeManifest(epoch === undefined ? options.manifest : { ...rest, created: epochToIso(epoch) });
  validateManifest(manifest, "the manifest to write");
  const listed = listedFiles(manifest);
  const known = new Set(listed.map((f) => f.path));
  const sources = new Map<string, string>();
  for (const file of options.files) {
    if (!known.has(file.bundlePath)) throw new Error(`writeBundle: ${file.bundlePath} is not listed in the manifest`);
    sources.set(file.bundlePath, path.resolve(file.source));
  }
  const texts = bundleTexts(manifest);
  if (format === "dir") {
    const result = await writeDirBundle({ output, listed, sources, texts });
    return { output, format, manifest, ...result };
  }
  for (const file of listed) {
    if (!sources.has(file.path)) {
      throw new PyvendorError("E_BUNDLE_FILE_MISSING", `no file was given for ${file.path}`, { data: { path: file.path } });
    }
  }
  await checkArchiveOutput(output);
  const written = await writeArchiveBundle({ output, format, listed, sources, texts, mtime: epoch ?? DEFAULT_ARCHIVE_EPOCH });
  return { output, format, manifest, written, reused: [], removed: [] };
}
