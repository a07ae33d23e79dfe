// An in-memory ObjectStore (the remote cache level's port) for unit tests, with failure injection.
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ObjectStore } from "../../src/cache/s3-object-store.js";

export interface MemoryObjectStore extends ObjectStore {
  objects: Map<string, Buffer>;
  /** Every call, as "get KEY", "put KEY" or "probe". */
  calls: string[];
  /** Throw this (instead of answering) for calls it returns a value for. */
  fail?: (call: string) => unknown;
}

export function memoryObjectStore(): MemoryObjectStore {
  const store: MemoryObjectStore = {
    objects: new Map(),
    calls: [],
    async get(key) {
      const call = `get ${key}`;
      store.calls.push(call);
      const failure = store.fail?.(call);
      if (failure !== undefined) throw failure;
      const bytes = store.objects.get(key);
      return bytes === undefined ? undefined : { body: Readable.from([bytes]), size: bytes.length };
    },
    async put(key, request) {
      const call = `put ${key}`;
      store.calls.push(call);
      const failure = store.fail?.(call);
      if (failure !== undefined) throw failure;
      const bytes = request.bytes ?? (await readFile(request.file ?? ""));
      const existing = store.objects.get(key);
      if (existing && request.policy === "keep-first") return "present";
      if (existing && request.policy === "content-addressed" && existing.equals(bytes)) return "present";
      store.objects.set(key, bytes);
      return "stored";
    },
    async probe() {
      store.calls.push("probe");
      const failure = store.fail?.("probe");
      if (failure !== undefined) throw failure;
    },
  };
  return store;
}
