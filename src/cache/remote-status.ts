// `cache info`'s view of the remote level: its settings (no credentials), whether it answers, the last pack's counts.
import { classifyRemoteError } from "./remote-failure.js";
import { loadRemoteStats, type SavedRemoteStats } from "./remote-stats.js";
import { createS3ObjectStore, type ObjectStore } from "./s3-object-store.js";
import { remoteLocation, type S3Settings } from "./s3-settings.js";

export interface RemoteCacheStatus {
  /** False when no bucket is configured (flags or PYVENDOR_S3_BUCKET). */
  configured: boolean;
  /** s3://bucket/prefix */
  location?: string;
  bucket?: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  readOnly?: boolean;
  pathStyle?: boolean;
  /** Whether the bucket answered a HeadBucket request just now (only with `probe`). */
  reachable?: boolean;
  /** Why it did not (kind and status; never credentials). */
  problem?: string;
  /** Counts of the last pack that used a remote level with this cache directory. */
  lastPack?: SavedRemoteStats;
}

/**
 * The remote level's status for the local cache at `dir`. With `probe` (default true) and
 * settings, asks the bucket once (HeadBucket, with the settings' short timeout); HeadBucket
 * needs s3:ListBucket, so credentials that may only GetObject show as not reachable.
 */
export async function remoteCacheStatus(options: {
  dir: string;
  settings: S3Settings | undefined;
  probe?: boolean;
  store?: ObjectStore;
  env?: NodeJS.ProcessEnv;
}): Promise<RemoteCacheStatus> {
  const lastPack = await loadRemoteStats(options.dir);
  const s = options.settings;
  if (!s) return { configured: false, ...(lastPack ? { lastPack } : {}) };
  const status: RemoteCacheStatus = {
    configured: true,
    location: remoteLocation(s),
    bucket: s.bucket,
    prefix: s.prefix,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    region: s.region,
    readOnly: s.readOnly,
    pathStyle: s.pathStyle,
    ...(lastPack ? { lastPack } : {}),
  };
  if (options.probe === false) return status;
  try {
    const store = options.store ?? (await createS3ObjectStore(s));
    await store.probe();
    return { ...status, reachable: true };
  } catch (err: unknown) {
    return { ...status, reachable: false, problem: classifyRemoteError(err, options.env).message };
  }
}
