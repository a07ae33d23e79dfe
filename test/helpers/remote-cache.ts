// Two workers' caches sharing one in-memory remote level, for the cache layering tests.
import path from "node:path";
import { openCache, type Cache } from "../../src/cache/cache.js";
import type { S3Settings } from "../../src/cache/s3-settings.js";
import type { PyvendorEvent } from "../../src/events.js";
import { memoryObjectStore, type MemoryObjectStore } from "./memory-object-store.js";

export const TEST_S3: S3Settings = {
  bucket: "ci-cache",
  prefix: "",
  region: "us-east-1",
  readOnly: false,
  pathStyle: true,
  require: false,
  timeoutMs: 1000,
  retries: 0,
};

export interface Worker {
  cache: Cache;
  events: PyvendorEvent[];
  warnings(): string[];
}

/** Opens a cache in `dir/name` whose remote level is `store`. */
export async function openWorker(dir: string, name: string, store: MemoryObjectStore, settings: Partial<S3Settings> = {}): Promise<Worker> {
  const events: PyvendorEvent[] = [];
  const cache = await openCache({ dir: path.join(dir, name), remote: { ...TEST_S3, ...settings }, objectStore: store, events: (e) => events.push(e) });
  return { cache, events, warnings: () => events.flatMap((e) => (e.type === "warning" ? [e.message] : [])) };
}

export { memoryObjectStore, type MemoryObjectStore };
