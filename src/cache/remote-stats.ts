// The remote level's counts for one pack, and the last pack's counts saved in the local cache directory.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { replaceJson, TMP_DIR } from "./atomic.js";

/** What the remote (S3) level did during one pack. Holds no credentials. */
export interface RemoteCacheStats {
  /** s3://bucket/prefix */
  location: string;
  endpoint?: string;
  readOnly: boolean;
  /** Lookups answered by the remote level (content, release and file records, built wheels). */
  hits: number;
  /** Lookups it could not answer. */
  misses: number;
  /** Objects uploaded. */
  uploads: number;
  /** Failed requests and objects that failed their integrity check. */
  errors: number;
  /** The first failure, when there was one (the remote level was then turned off, or only uploads). */
  problem?: string;
}

/** Saved next to the buckets, not in one, so `cache clean` keeps it. */
export const REMOTE_STATS_FILE = "remote-cache-last-pack.json";

export interface SavedRemoteStats extends RemoteCacheStats {
  /** ISO time the pack finished. */
  finishedAt: string;
}

/** Saves `stats` as the last pack's, atomically (temp file + rename). */
export async function saveRemoteStats(cacheDir: string, stats: RemoteCacheStats, now = new Date()): Promise<void> {
  await replaceJson(path.join(cacheDir, TMP_DIR), path.join(cacheDir, REMOTE_STATS_FILE), {
    format: 1,
    stats: { ...stats, finishedAt: now.toISOString() },
  });
}

/** The last pack's counts, or undefined when no pack with a remote level has finished here (or the file is damaged). */
export async function loadRemoteStats(cacheDir: string): Promise<SavedRemoteStats | undefined> {
  try {
    const doc = JSON.parse(await readFile(path.join(cacheDir, REMOTE_STATS_FILE), "utf8")) as { format?: unknown; stats?: SavedRemoteStats };
    return doc.format === 1 && doc.stats && typeof doc.stats.hits === "number" ? doc.stats : undefined;
  } catch {
    return undefined;
  }
}
