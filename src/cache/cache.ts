// The local cache: opens its buckets (content, index records, built wheels, logs, build envs) under one directory.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { silentSink, type EventSink } from "../events.js";
import { TMP_DIR } from "./atomic.js";
import { createBuiltWheelStore, WHEELS_BUCKET, type BuiltWheelStore } from "./built-wheels.js";
import { resolveCacheDir, type CacheDirOptions } from "./cache-dir.js";
import { CHECKED_BUCKET, INSTALLS_CHECKED_BUCKET, MANIFESTS_CHECKED_BUCKET } from "./passed-checks.js";
import { VERIFIED_BUCKET } from "./verified-files.js";
import { CONTENT_BUCKET, createContentStore, type ContentStore } from "./content-store.js";
import { createReleaseStore, INDEX_BUCKET, type ReleaseStore } from "./release-store.js";
import type { RemoteCacheStats } from "./remote-stats.js";
import { PYTHONS_BUCKET } from "../python/interpreter-cache.js";
import type { ObjectStore } from "./s3-object-store.js";
import type { S3Settings } from "./s3-settings.js";

export { resolveCacheDir, type CacheDirOptions } from "./cache-dir.js";
export { PYTHONS_BUCKET } from "../python/interpreter-cache.js";

export const LOGS_BUCKET = "logs-v1";
export const ENVS_BUCKET = "envs-v1";
/** The unpacked-wheel store installs copy (or link) from: a directory per wheel. */
/**
 * v2: an entry is stated file by file only once it has been hard-linked into a venv (its `linked`
 * marker); v1 entries had no marker, and a pyvendor that writes none must not link v2 entries.
 */
export const UNPACKED_BUCKET = "unpacked-v2";
export { TMP_DIR };

/** Every bucket, for `pyvendor cache info/clean/prune`. */
/** The project listings a resolution read (src/lock/listings.ts), for a second one offline. */
export const LISTINGS_BUCKET = "listings-v1";
/** Core metadata of sdists (static PKG-INFO or a build's METADATA) a lock read (pack/lock.ts), by sdist, target and build settings. */
export const BUILT_METADATA_BUCKET = "built-metadata-v1";
export const BUCKETS = [CONTENT_BUCKET, INDEX_BUCKET, LISTINGS_BUCKET, BUILT_METADATA_BUCKET, WHEELS_BUCKET, LOGS_BUCKET, ENVS_BUCKET, CHECKED_BUCKET, INSTALLS_CHECKED_BUCKET, MANIFESTS_CHECKED_BUCKET, VERIFIED_BUCKET, UNPACKED_BUCKET, PYTHONS_BUCKET, TMP_DIR] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface Cache {
  /** Absolute cache directory. */
  dir: string;
  content: ContentStore;
  releases: ReleaseStore;
  builtWheels: BuiltWheelStore;
  /** Path for a build log named `name` (a filename; unsafe characters are replaced). */
  logPath(name: string): string;
  /** Directory for build environments (envs-v1); the build layer manages what is inside. */
  envsDir: string;
  /** Directory for temp files on the cache's file system. */
  tmpDir: string;
  /** The remote (S3) level behind the local stores, when one is configured. */
  remote?: RemoteCacheHandle;
}

/** What a pipeline sees of the remote level: its settings and this run's counts. */
export interface RemoteCacheHandle {
  settings: S3Settings;
  stats(): RemoteCacheStats;
  /** Saves the counts as the last pack's in the cache directory (never throws) and returns them. */
  finish(): Promise<RemoteCacheStats>;
}

export interface OpenCacheOptions extends CacheDirOptions {
  /** A remote level to put behind the local stores (resolveS3Settings); none when undefined. */
  remote?: S3Settings | undefined;
  /** Where the remote level reports (its one warning, debug lines). */
  events?: EventSink;
  /** Replaces S3 for the remote level (tests). */
  objectStore?: ObjectStore;
}

const TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by pyvendor.\n# See https://bford.info/cachedir/\n";

/**
 * Opens (creating if needed) the cache at resolveCacheDir(options). Throws E_IO when the
 * directory cannot be created. Safe for several processes at once: no locks are needed
 * because every write is a temp file plus an atomic no-clobber rename. With `remote`, the
 * stores consult S3 after a local miss and upload what is put (see attachRemoteLevel); S3 is
 * loaded only then.
 */
export async function openCache(options: OpenCacheOptions = {}): Promise<Cache> {
  const dir = resolveCacheDir(options);
  const tmpDir = path.join(dir, TMP_DIR);
  try {
    for (const bucket of BUCKETS) await mkdir(path.join(dir, bucket), { recursive: true });
    await writeFile(path.join(dir, "CACHEDIR.TAG"), TAG, { flag: "wx" }).catch(() => undefined);
  } catch (err: unknown) {
    throw new PyvendorError("E_IO", `Cannot create the cache directory ${dir}`, {
      cause: err,
      hint: "Pass --cache-dir or set PYVENDOR_CACHE_DIR to a writable directory.",
    });
  }
  const local: Cache = {
    dir,
    content: createContentStore(dir, tmpDir),
    releases: createReleaseStore(dir, tmpDir),
    builtWheels: createBuiltWheelStore(dir, tmpDir),
    logPath: (name) => path.join(dir, LOGS_BUCKET, name.replace(/[^A-Za-z0-9._+-]+/g, "_").replace(/^\.+/, "_")),
    envsDir: path.join(dir, ENVS_BUCKET),
    tmpDir,
  };
  if (!options.remote) return local;
  const { attachRemoteLevel } = await import("./remote-cache.js");
  return attachRemoteLevel(local, {
    settings: options.remote,
    events: options.events ?? silentSink,
    ...(options.objectStore ? { store: options.objectStore } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
