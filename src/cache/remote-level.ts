// The remote level's run state: counts hits, misses, uploads and errors; turns S3 trouble into one warning (or E_REMOTE_CACHE).
import { PyvendorError, isPyvendorError } from "../errors.js";
import type { EventSink } from "../events.js";
import { classifyRemoteError, RemoteFailure } from "./remote-failure.js";
import { saveRemoteStats, type RemoteCacheStats } from "./remote-stats.js";
import type { ObjectStore } from "./s3-object-store.js";
import { remoteLocation, type S3Settings } from "./s3-settings.js";

export interface RemoteLevel {
  readonly settings: S3Settings;
  readonly store: ObjectStore;
  /**
   * Looks something up remotely: `fn` returns it (a hit) or undefined (a miss). On failure the
   * first time, warns once and turns the remote level off for the rest of the run (an object
   * that fails its integrity check only counts as a miss); returns undefined. With
   * settings.require, throws E_REMOTE_CACHE instead. `what` names the object in messages.
   */
  read<T>(what: string, fn: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Uploads unless read-only or uploads are off; failures as for read (a denied upload turns off uploads only). */
  write(what: string, fn: () => Promise<"stored" | "present">): Promise<void>;
  /** The counts so far. */
  stats(): RemoteCacheStats;
  /** Saves the counts as the last pack's (best effort: never throws) and returns them. */
  finish(): Promise<RemoteCacheStats>;
}

export interface RemoteLevelOptions {
  settings: S3Settings;
  store: ObjectStore;
  events: EventSink;
  /** The local cache directory (the last pack's counts are saved there). */
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
}

/** Creates the run state of the remote level; see RemoteLevel. */
export function createRemoteLevel(options: RemoteLevelOptions): RemoteLevel {
  const { settings, store, events } = options;
  const location = remoteLocation(settings);
  const counts = { hits: 0, misses: 0, uploads: 0, errors: 0 };
  let problem: string | undefined;
  let readsOff = false;
  let writesOff = settings.readOnly;

  function fail(what: string, err: unknown, writing: boolean): void {
    const failure =
      isPyvendorError(err, "E_HASH_MISMATCH") || isPyvendorError(err, "E_CACHE_CORRUPT")
        ? new RemoteFailure("integrity", `${what} does not match its checksum`)
        : classifyRemoteError(err, options.env);
    counts.errors++;
    const reason = `${failure.message} while ${writing ? "uploading" : "reading"} ${what}`;
    if (settings.require) {
      throw new PyvendorError("E_REMOTE_CACHE", `Remote cache ${location}: ${reason}`, {
        data: { location, kind: failure.kind, object: what, ...(failure.status !== undefined ? { status: failure.status } : {}) },
      });
    }
    const uploadsOnly = writing && failure.kind === "denied";
    if (failure.kind !== "integrity") {
      if (uploadsOnly) writesOff = true;
      else readsOff = writesOff = true;
    }
    if (problem !== undefined) return;
    problem = reason;
    const then =
      failure.kind === "integrity"
        ? "using the local cache for it"
        : uploadsOnly
          ? `uploads are off for this run (set PYVENDOR_S3_READ_ONLY=1 if these credentials may only read)`
          : "carrying on with the local cache only";
    events({ type: "warning", code: "REMOTE_CACHE_UNAVAILABLE", message: `remote cache ${location}: ${reason}; ${then}` });
  }

  const stats = (): RemoteCacheStats => ({
    location,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    readOnly: settings.readOnly,
    ...counts,
    ...(problem !== undefined ? { problem } : {}),
  });

  return {
    settings,
    store,
    async read(what, fn) {
      if (readsOff) return undefined;
      try {
        const value = await fn();
        if (value === undefined) counts.misses++;
        else counts.hits++;
        events({ type: "debug", message: `remote cache ${value === undefined ? "miss" : "hit"}: ${what}` });
        return value;
      } catch (err: unknown) {
        fail(what, err, false);
        return undefined;
      }
    },
    async write(what, fn) {
      if (writesOff) return;
      try {
        const outcome = await fn();
        if (outcome === "stored") counts.uploads++;
        events({ type: "debug", message: `remote cache ${outcome === "stored" ? "upload" : "already there"}: ${what}` });
      } catch (err: unknown) {
        fail(what, err, true);
      }
    },
    stats,
    async finish() {
      const current = stats();
      await saveRemoteStats(options.cacheDir, current).catch(() => undefined);
      return current;
    },
  };
}
