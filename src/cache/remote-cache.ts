// Puts the remote (S3) level behind an opened local cache: the same Cache API, layered stores, run counts.
import type { EventSink } from "../events.js";
import type { Cache } from "./cache.js";
import { layerContentStore } from "./layered-content.js";
import { layerReleaseStore } from "./layered-releases.js";
import { layerBuiltWheelStore } from "./layered-wheels.js";
import { createRemoteLevel } from "./remote-level.js";
import { createS3ObjectStore, type ObjectStore } from "./s3-object-store.js";
import type { S3Settings } from "./s3-settings.js";

export interface AttachRemoteOptions {
  settings: S3Settings;
  events: EventSink;
  /** Replaces S3 (tests). */
  store?: ObjectStore;
  env?: NodeJS.ProcessEnv;
}

/**
 * `local` with the remote level consulted after each local miss and fed after each local put.
 * Nothing is requested until the first miss or put, so a fully local pack costs no S3 request.
 */
export async function attachRemoteLevel(local: Cache, options: AttachRemoteOptions): Promise<Cache> {
  const store = options.store ?? (await createS3ObjectStore(options.settings));
  const level = createRemoteLevel({
    settings: options.settings,
    store,
    events: options.events,
    cacheDir: local.dir,
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    ...local,
    content: layerContentStore(local.content, level),
    releases: layerReleaseStore(local.releases, level),
    builtWheels: layerBuiltWheelStore(local.builtWheels, level, local.tmpDir),
    remote: { settings: options.settings, stats: level.stats, finish: level.finish },
  };
}
