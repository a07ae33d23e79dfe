// A test index of tiny wheels/sdists plus index settings and a cache for it: the fetch tests' common setup.
import path from "node:path";
import { openCache, type Cache } from "../../src/cache/cache.js";
import type { PyvendorEvent } from "../../src/events.js";
import { resolveIndexSettings, type IndexSettings, type IndexSettingsInput } from "../../src/package-index/settings.js";
import { cleanEnv } from "./env.js";
import { startIndexServer, type IndexServer, type IndexServerOptions } from "./index-server.js";
import { makeSdist, makeWheel, type TinyDistOptions } from "./tiny-dist.js";

export interface TinySpec extends TinyDistOptions {
  kind?: "wheel" | "sdist";
  yanked?: boolean | string;
  /** Declared on the index (data-requires-python) rather than only in METADATA. */
  indexRequiresPython?: string;
}

/** Builds the dists into `dir` and returns their paths in order. */
export async function makeDists(dir: string, specs: TinySpec[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of specs) out.push(s.kind === "sdist" ? await makeSdist(dir, s) : await makeWheel(dir, s));
  return out;
}

/** Builds the dists and serves them. */
export async function startTinyIndex(
  dir: string,
  specs: TinySpec[],
  options: Omit<IndexServerOptions, "files"> = {},
): Promise<{ server: IndexServer; paths: string[] }> {
  const paths = await makeDists(dir, specs);
  const files = paths.map((p, i) => ({
    path: p,
    ...(specs[i]?.yanked !== undefined ? { yanked: specs[i]?.yanked } : {}),
    ...(specs[i]?.indexRequiresPython ? { requiresPython: specs[i]?.indexRequiresPython } : {}),
  }));
  return { server: await startIndexServer({ ...options, files }), paths };
}

/** Settings for tests: zero retry delays, short timeout, no netrc, no PIP_* leakage. */
export function testSettings(input: IndexSettingsInput, env: NodeJS.ProcessEnv = {}): IndexSettings {
  return resolveIndexSettings(
    { retryBaseDelayMs: 0, retryMaxDelayMs: 0, timeoutMs: 3000, retries: 3, ...(env.NETRC ? {} : { netrc: "/nonexistent/netrc" }), ...input },
    cleanEnv(env),
  );
}

/** A fresh cache under `dir`/cache. */
export function testCache(dir: string): Promise<Cache> {
  return openCache({ dir: path.join(dir, "cache") });
}

/** An event sink that keeps every event. */
export function recorder(): { events: PyvendorEvent[]; sink: (e: PyvendorEvent) => void } {
  const events: PyvendorEvent[] = [];
  return { events, sink: (e) => events.push(e) };
}
