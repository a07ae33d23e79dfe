// Hostile-archive policy: which entries a bundle may hold, and the size and ratio limits.
import type { Readable } from "node:stream";
import { PyvendorError } from "../errors.js";
import { DERIVED_FILES, listedFileMap, MANIFEST_FILE, normalizeEntryName, SOURCES_DIR, WHEELS_DIR, type ListedFile } from "./layout.js";
import type { Manifest } from "./manifest.js";

/** Limits applied to archives (and manifest.json of directories). All sizes in bytes. */
export interface ArchiveLimits {
  /** Largest manifest.json, requirements.lock or pylock.toml accepted. */
  maxManifestBytes: number;
  /** Most entries an archive may hold. */
  maxEntries: number;
  /** Largest compression ratio (uncompressed / compressed) of a zip entry or a whole .tar.gz... */
  maxRatio: number;
  /** ...once it has at least this many uncompressed bytes (small files compress well legitimately). */
  ratioMinBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxManifestBytes: 32 * 1024 * 1024,
  maxEntries: 100_000,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
};

/** The most bytes a .tar.gz of this manifest can decompress to (contents, headers, padding, slack). */
export function tarBudget(manifest: Manifest, limits: ArchiveLimits): number {
  let total = 3 * (limits.maxManifestBytes + 3 * 512) + 1024 * 1024;
  for (const file of listedFileMap(manifest).values()) total += Math.ceil(file.size / 512) * 512 + 3 * 512;
  return total;
}

export function resolveLimits(limits: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

export type EntryType = "file" | "directory" | "link" | "special";

/** One entry of a bundle as its storage reports it, before any check. */
export interface RawEntry {
  /** Name as stored (decoded), directories may end with "/". */
  name: string;
  type: EntryType;
  /** Declared uncompressed size. */
  size: number;
  /** Compressed size, when the format records it per entry (zip). */
  compressedSize?: number;
  /** Opens the content. For tar.gz, only valid while the entry is being visited. */
  open(): Promise<Readable>;
}

/** What a checked entry is. */
export type CheckedEntry =
  | { role: "manifest"; path: string }
  | { role: "derived"; path: string }
  | { role: "directory"; path: string }
  | { role: "listed"; path: string; file: ListedFile };

export function tooLarge(message: string, data: Record<string, unknown>): PyvendorError {
  return new PyvendorError("E_ARCHIVE_TOO_LARGE", message, { data });
}

/**
 * Checks entries one by one against the manifest. Throws E_UNSAFE_PATH (absolute, traversal),
 * E_UNSAFE_ENTRY (links, devices, fifos), E_DUPLICATE_ENTRY, E_BUNDLE_EXTRA_FILE (not listed),
 * E_ARCHIVE_TOO_LARGE (declared size above the manifest's, too many entries, ratio above the limit),
 * E_BUNDLE_SIZE_MISMATCH (declared size below the manifest's). With no manifest yet, only
 * manifest.json is accepted as a file. With `manifestFirst` (tar.gz), E_ARCHIVE_INVALID unless the
 * first file is manifest.json. With `archive: false` (a directory: sizes are real, not declared),
 * any size difference is E_BUNDLE_SIZE_MISMATCH.
 */
export function entryChecker(
  manifest: Manifest | undefined,
  limits: ArchiveLimits,
  options: { manifestFirst?: boolean; archive?: boolean } = {},
): (entry: RawEntry) => CheckedEntry {
  const listed = manifest ? listedFileMap(manifest) : new Map<string, ListedFile>();
  const seen = new Set<string>();
  let files = 0;
  return (entry) => {
    if (seen.size >= limits.maxEntries) {
      throw tooLarge(`the archive has more than ${limits.maxEntries} entries`, { limit: limits.maxEntries });
    }
    const name = normalizeEntryName(entry.name);
    const key = name.endsWith("/") ? name.slice(0, -1) : name;
    if (entry.type === "link" || entry.type === "special") {
      throw new PyvendorError("E_UNSAFE_ENTRY", `${key} is a ${entry.type === "link" ? "link" : "special file"}, not a regular file`, {
        data: { path: key, type: entry.type },
      });
    }
    if (seen.has(key)) {
      throw new PyvendorError("E_DUPLICATE_ENTRY", `${key} appears twice in the archive`, { data: { path: key } });
    }
    seen.add(key);
    if (entry.type === "directory") {
      if (key === WHEELS_DIR || key === SOURCES_DIR) return { role: "directory", path: key };
      throw extra(key);
    }
    files += 1;
    if (options.manifestFirst && files === 1 && key !== MANIFEST_FILE) {
      throw new PyvendorError("E_ARCHIVE_INVALID", `the archive's first file is ${key}, not ${MANIFEST_FILE}`, {
        hint: "Archives are read as a stream and must start with manifest.json; write them with `pyvendor pack`.",
        data: { path: key },
      });
    }
    const small = key === MANIFEST_FILE || (DERIVED_FILES as readonly string[]).includes(key);
    if (small) {
      if (entry.size > limits.maxManifestBytes) {
        throw tooLarge(`${key} declares ${entry.size} bytes (limit ${limits.maxManifestBytes})`, { path: key, size: entry.size });
      }
      checkRatio(key, entry, limits);
      return key === MANIFEST_FILE ? { role: "manifest", path: key } : { role: "derived", path: key };
    }
    const file = listed.get(key);
    if (!file) throw extra(key);
    if (entry.size > file.size && options.archive !== false) {
      throw tooLarge(`${key} declares ${entry.size} bytes, the manifest says ${file.size}`, { path: key, expected: file.size, actual: entry.size });
    }
    if (entry.size !== file.size) {
      throw new PyvendorError("E_BUNDLE_SIZE_MISMATCH", `${key} declares ${entry.size} bytes, the manifest says ${file.size}`, {
        data: { path: key, expected: file.size, actual: entry.size },
      });
    }
    checkRatio(key, entry, limits);
    return { role: "listed", path: key, file };
  };
}

function checkRatio(key: string, entry: RawEntry, limits: ArchiveLimits): void {
  if (entry.compressedSize === undefined || entry.size < limits.ratioMinBytes) return;
  const ratio = entry.size / Math.max(entry.compressedSize, 1);
  if (ratio > limits.maxRatio) {
    throw tooLarge(`${key} would expand ${Math.round(ratio)} times (limit ${limits.maxRatio})`, { path: key, ratio, limit: limits.maxRatio });
  }
}

function extra(key: string): PyvendorError {
  return new PyvendorError("E_BUNDLE_EXTRA_FILE", `${key} is in the bundle but not in its manifest`, { data: { path: key } });
}

/** Reads a small entry (manifest or lock file) fully, refusing more than `maxBytes`. */
export async function readSmall(stream: Readable, maxBytes: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(`${label} is larger than ${maxBytes} bytes`, { path: label, limit: maxBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Maps what reading an archive can throw to a PyvendorError: PyvendorErrors pass through, system
 * errors (ENOSPC, EACCES...) become E_IO, anything else (bad deflate data, truncated archive,
 * entry sizes that lie) becomes E_ARCHIVE_INVALID.
 */
export function asBundleError(err: unknown, file: string, format: string): PyvendorError {
  if (err instanceof PyvendorError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const errno = err instanceof Error ? (err as NodeJS.ErrnoException) : undefined;
  if (errno?.syscall !== undefined && typeof errno.code === "string") {
    return new PyvendorError("E_IO", `${file}: ${reason}`, { cause: err, data: { path: file } });
  }
  return new PyvendorError("E_ARCHIVE_INVALID", `${file} is not a readable ${format} archive: ${reason}`, {
    cause: err,
    data: { path: file },
  });
}
