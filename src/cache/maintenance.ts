// Cache maintenance that returns data: sizes per bucket, clean (all or one bucket), prune by last use.
import { lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { tempPath } from "./atomic.js";
import { BUCKETS, TMP_DIR, type Bucket } from "./cache.js";
import { resolveCacheDir, type CacheDirOptions } from "./cache-dir.js";

export interface BucketInfo {
  bytes: number;
  /** Entries: content blobs, index records, built wheels, logs, build environments, temp files. */
  entries: number;
}

export interface CacheInfo {
  dir: string;
  buckets: Record<Bucket, BucketInfo>;
  totalBytes: number;
}

/**
 * An entry is the unit that is counted and pruned: a file, or for these buckets a directory at
 * this depth. An unpacked wheel's last use is when it was unpacked: its files are never touched
 * (their mtimes are what the store checks), so prune removes old ones, to be unpacked again.
 */
const DIRECTORY_ENTRIES: Partial<Record<Bucket, number>> = { "wheels-v1": 2, "envs-v1": 1, "unpacked-v2": 1 };

interface Entry {
  path: string;
  bytes: number;
  /** Last use: the newest mtime of the entry's own files (hits refresh it). */
  lastUseMs: number;
}

async function sizeOf(p: string): Promise<{ bytes: number; newest: number }> {
  const info = await lstat(p);
  if (!info.isDirectory()) return { bytes: info.size, newest: info.mtimeMs };
  // A directory's own mtime changes when entries are added or removed, not when they are used:
  // only its files count, unless it has none.
  let bytes = 0;
  let newest = -Infinity;
  for (const name of await readdir(p)) {
    const child = await sizeOf(path.join(p, name));
    bytes += child.bytes;
    newest = Math.max(newest, child.newest);
  }
  return { bytes, newest: newest === -Infinity ? info.mtimeMs : newest };
}

/** Lists a bucket's entries: files at any depth, or directories at the bucket's entry depth. */
async function entriesOf(dir: string, bucket: Bucket): Promise<Entry[]> {
  const depth = DIRECTORY_ENTRIES[bucket];
  const out: Entry[] = [];
  const walk = async (p: string, level: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(p);
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT")) return;
      throw err;
    }
    for (const name of names) {
      const child = path.join(p, name);
      const info = await lstat(child).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory() && (depth === undefined || level + 1 < depth)) await walk(child, level + 1);
      else {
        const { bytes, newest } = await sizeOf(child);
        out.push({ path: child, bytes, lastUseMs: newest });
      }
    }
  };
  await walk(path.join(dir, bucket), 0);
  return out;
}

/** Sizes and entry counts of every bucket. `dir` as for openCache. */
export async function cacheInfo(options: CacheDirOptions = {}): Promise<CacheInfo> {
  const dir = resolveCacheDir(options);
  const buckets = {} as Record<Bucket, BucketInfo>;
  let totalBytes = 0;
  for (const bucket of BUCKETS) {
    const entries = await entriesOf(dir, bucket);
    const bytes = entries.reduce((n, e) => n + e.bytes, 0);
    buckets[bucket] = { bytes, entries: entries.length };
    totalBytes += bytes;
  }
  return { dir, buckets, totalBytes };
}

/** Buckets an older pyvendor wrote and this one never reads: `clean` and `prune` remove them whole. */
export const OBSOLETE_BUCKETS = ["unpacked-v1"] as const;
type ObsoleteBucket = (typeof OBSOLETE_BUCKETS)[number];

export interface RemovalReport {
  dir: string;
  removed: Partial<Record<Bucket | ObsoleteBucket, BucketInfo>>;
  removedBytes: number;
  removedEntries: number;
}

/** Removes a path so that readers see it whole or gone: rename into tmp/, then delete. */
async function removeAtomically(dir: string, p: string): Promise<void> {
  const tmpDir = path.join(dir, TMP_DIR);
  if (p.startsWith(tmpDir + path.sep)) return rm(p, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  const aside = tempPath(tmpDir, "trash");
  try {
    await rename(p, aside);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return;
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}

/** Removes every obsolete bucket of the cache at `dir`, noting what each held in `removed`. */
async function removeObsolete(dir: string, removed: Partial<Record<Bucket | ObsoleteBucket, BucketInfo>>): Promise<void> {
  for (const bucket of OBSOLETE_BUCKETS) {
    const p = path.join(dir, bucket);
    const info = await lstat(p).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    const entries = (await readdir(p)).length;
    const { bytes } = await sizeOf(p);
    await removeAtomically(dir, p);
    removed[bucket] = { bytes, entries };
  }
}

function report(dir: string, removed: Partial<Record<Bucket | ObsoleteBucket, BucketInfo>>): RemovalReport {
  const infos = Object.values(removed);
  return {
    dir,
    removed,
    removedBytes: infos.reduce((n, i) => n + i.bytes, 0),
    removedEntries: infos.reduce((n, i) => n + i.entries, 0),
  };
}

/** Empties every bucket, or only `bucket`. Throws E_USAGE for an unknown bucket name. */
export async function cleanCache(options: CacheDirOptions & { bucket?: string } = {}): Promise<RemovalReport> {
  const dir = resolveCacheDir(options);
  if (options.bucket !== undefined && !(BUCKETS as readonly string[]).includes(options.bucket)) {
    throw new PyvendorError("E_USAGE", `Unknown cache bucket ${options.bucket}`, { hint: `Buckets: ${BUCKETS.join(", ")}.` });
  }
  const targets = options.bucket === undefined ? [...BUCKETS] : [options.bucket as Bucket];
  const removed: Partial<Record<Bucket | ObsoleteBucket, BucketInfo>> = {};
  if (options.bucket === undefined) await removeObsolete(dir, removed);
  for (const bucket of targets) {
    const entries = await entriesOf(dir, bucket);
    removed[bucket] = { bytes: entries.reduce((n, e) => n + e.bytes, 0), entries: entries.length };
    if (bucket === TMP_DIR) {
      for (const e of entries) await rm(e.path, { recursive: true, force: true });
    } else {
      await removeAtomically(dir, path.join(dir, bucket));
    }
  }
  return report(dir, removed);
}

/** Temp files younger than this may belong to a running process and are kept. */
const TMP_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes entries not used for `olderThanMs` (by mtime, which hits refresh at most hourly).
 * Temp files are only removed after a day, whatever `olderThanMs` says, since a running
 * process may be writing them. `now` is injectable for tests.
 */
export async function pruneCache(options: CacheDirOptions & { olderThanMs: number; now?: number }): Promise<RemovalReport> {
  const dir = resolveCacheDir(options);
  const now = options.now ?? Date.now();
  const removed: Partial<Record<Bucket | ObsoleteBucket, BucketInfo>> = {};
  // Never used again, so unused for longer than any limit.
  await removeObsolete(dir, removed);
  for (const bucket of BUCKETS) {
    const limit = bucket === TMP_DIR ? Math.max(options.olderThanMs, TMP_GRACE_MS) : options.olderThanMs;
    const stale = (await entriesOf(dir, bucket)).filter((e) => now - e.lastUseMs > limit);
    for (const e of stale) await removeAtomically(dir, e.path);
    if (stale.length > 0) removed[bucket] = { bytes: stale.reduce((n, e) => n + e.bytes, 0), entries: stale.length };
  }
  return report(dir, removed);
}
