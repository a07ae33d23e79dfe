// The fetch step of pack: find pinned releases and download their files, in parallel, cache first, offline-aware.
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { Cache } from "../cache/cache.js";
import { isPyvendorError, PyvendorError } from "../errors.js";
import { normalizeName } from "./dist-name.js";
import { download, fromCache, type DownloadRequest, type DownloadResult } from "./download.js";
import { CACHED_ELSEWHERE_HINT, createFinder, type DistributionFile, type Finder } from "./finder.js";
import { HttpFailure } from "./http-client.js";
import { createIndexContext, requestError, type IndexContext, type IndexHooks } from "./index-context.js";
import { settleLimited } from "./map-limit.js";
import { readBodyBytes } from "./project-page.js";
import { retryingGet } from "./retrying-get.js";
import type { IndexSettings } from "./settings.js";

export type { DownloadRequest, DownloadResult } from "./download.js";

export interface FetchContext extends IndexHooks {
  cache: Cache;
  settings: IndexSettings;
  /** A finder to reuse (shares its page memo and connections); made from settings when absent. */
  finder?: Finder;
  /** Target Python versions for Requires-Python filtering (see FinderOptions). */
  pythonVersions?: string[];
  /** Rehash cache hits before using them (default true: every byte verified). */
  verifyCache?: boolean;
}

/** The Map key findReleases uses: "<normalized project>==<version as requested>". */
export function releaseKey(project: string, version: string): string {
  return `${normalizeName(project)}==${version}`;
}

/**
 * `first`, naming every pin whose lookup failed while its files are cached from an index that may
 * not answer for it unasked (the finder names one pin per error; a pack wants them all in one message).
 */
function withEveryCachedElsewhere(first: PyvendorError, errors: unknown[]): PyvendorError {
  const entries = errors
    .filter((e): e is PyvendorError => isPyvendorError(e, "E_INDEX_UNREACHABLE"))
    .flatMap((e) => (Array.isArray(e.data.cachedElsewhere) ? (e.data.cachedElsewhere as CachedElsewhere[]) : []));
  if (entries.length === 0) return first;
  const pins = entries.map((c) => `${c.project}==${c.version}`).join(", ");
  const sources = [...new Set(entries.flatMap((c) => c.sources))].sort().join(", ");
  const failure = isPyvendorError(first.cause) ? first.cause : first; // the finder's error wraps the request's
  return new PyvendorError(
    "E_INDEX_UNREACHABLE",
    `${failure.message}; ${entries.length} pin(s) are in the cache from ${sources}, which may not answer for them unasked: ${pins}`,
    { cause: failure.cause, data: { ...failure.data, cachedElsewhere: entries }, hint: CACHED_ELSEWHERE_HINT },
  );
}

interface CachedElsewhere {
  project: string;
  version: string;
  sources: string[];
}

/** Throws the first failure, except that every E_OFFLINE_MISSING is merged into one listing all. */
function rethrow(results: { ok: boolean; error?: unknown }[]): void {
  const errors = results.filter((r) => !r.ok).map((r) => r.error);
  if (errors.length === 0) return;
  const offline = errors.filter((e): e is PyvendorError => isPyvendorError(e, "E_OFFLINE_MISSING"));
  const other = errors.find((e) => !isPyvendorError(e, "E_OFFLINE_MISSING"));
  if (isPyvendorError(other, "E_INDEX_UNREACHABLE")) throw withEveryCachedElsewhere(other, errors);
  if (other !== undefined) throw other;
  const missing = offline.flatMap((e) => (Array.isArray(e.data.missing) ? (e.data.missing as unknown[]) : []));
  const names = missing.map((m) => {
    const r = m as { filename?: string; project?: string; version?: string };
    return r.filename ?? (r.version ? `${r.project}==${r.version}` : String(r.project));
  });
  throw new PyvendorError("E_OFFLINE_MISSING", `Working offline and ${missing.length} needed artifact(s) are not in the cache: ${names.join(", ")}`, {
    data: { missing },
  });
}

/**
 * The files of every pinned release (`exact` defaults to true), keyed by releaseKey. Runs up to
 * settings.jobs lookups at once; releases recorded in the cache need no request. Offline, all
 * releases missing from the cache are reported in one E_OFFLINE_MISSING (data.missing).
 */
export async function findReleases(
  requests: { project: string; version: string; exact?: boolean; hashes?: string[] }[],
  ctx: FetchContext,
): Promise<Map<string, DistributionFile[]>> {
  const finder = ctx.finder ?? createFinder(ctx.settings, ctx);
  try {
    const results = await settleLimited(requests, ctx.settings.jobs, (r) =>
      finder.findRelease(r.project, r.version, { exact: r.exact ?? true, ...(r.hashes ? { hashes: r.hashes } : {}) }),
    );
    rethrow(results);
    const out = new Map<string, DistributionFile[]>();
    results.forEach((r, i) => {
      const req = requests[i];
      if (r.ok && req) out.set(releaseKey(req.project, req.version), r.value);
    });
    return out;
  } finally {
    if (!ctx.finder) finder.context.http.close();
  }
}

function contextOf(ctx: FetchContext): { ictx: IndexContext; owned: boolean } {
  return ctx.finder ? { ictx: ctx.finder.context, owned: false } : { ictx: createIndexContext(ctx.settings, ctx), owned: true };
}

/**
 * Makes every requested file available in the cache, verified, and returns where (input order).
 * A file whose sha256 is known and cached is not requested. Downloads run up to settings.jobs at
 * once; the same URL twice (with the same expected hashes) is fetched once. Offline, every file not in the cache is listed in one
 * E_OFFLINE_MISSING. Otherwise the first failure is thrown after the others finish (finished
 * files stay cached, so a rerun resumes).
 */
export async function downloadFiles(requests: DownloadRequest[], ctx: FetchContext): Promise<DownloadResult[]> {
  const { ictx, owned } = contextOf(ctx);
  const verify = ctx.verifyCache ?? true;
  const inFlight = new Map<string, Promise<DownloadResult>>();
  const one = async (req: DownloadRequest): Promise<DownloadResult> => {
    const hit = await fromCache(ictx, req, verify);
    if (hit) return hit;
    if (ctx.settings.offline && !req.file.url.startsWith("file:")) {
      const { project, version, filename, url } = req.file;
      const sha256 = req.file.hashes.sha256;
      throw new PyvendorError("E_OFFLINE_MISSING", `Working offline and ${filename} is not in the cache`, {
        data: { missing: [{ kind: "file", project, version, filename, url, ...(sha256 ? { sha256 } : {}) }] },
      });
    }
    // Shared only between requests that check the same hashes, so each request's hashes are checked.
    const key = `${req.file.url} ${[...req.expectedHashes].sort().join(" ")}`;
    let pending = inFlight.get(key);
    if (!pending) inFlight.set(key, (pending = download(ictx, req)));
    const result = await pending;
    return { ...result, file: req.file };
  };
  try {
    const results = await settleLimited(requests, ctx.settings.jobs, one);
    rethrow(results);
    return results.map((r) => (r as { value: DownloadResult }).value);
  } finally {
    if (owned) ictx.http.close();
  }
}

/**
 * The core metadata (METADATA text) of a wheel without downloading the wheel, via its PEP 658
 * `.metadata` file; cached by content. Undefined when the index offers none, or when offline and
 * it is not cached (callers then read METADATA from the wheel). Throws E_HASH_MISMATCH when it
 * does not match the index's hash, and the request errors of downloads.
 */
export async function fetchCoreMetadata(file: DistributionFile, ctx: FetchContext): Promise<string | undefined> {
  if (!file.coreMetadata) return undefined;
  const { cache } = ctx;
  const expected = file.coreMetadataHashes?.sha256;
  const known = expected ?? (await cache.releases.getFile(file.url))?.metadataSha256;
  const hit = known ? await cache.content.get(known) : undefined;
  if (hit) return readFile(hit, "utf8");
  if (ctx.settings.offline) return undefined;
  const { ictx, owned } = contextOf(ctx);
  const url = `${file.url}.metadata`;
  const name = `${file.filename}.metadata`;
  try {
    const stored = await retryingGet(ictx.http, url, {
      retry: ictx.retry(name),
      consume: async (res) => {
        const bytes = await readBodyBytes(res, url);
        return cache.content.putStream(Readable.from([bytes]), { name, ...(expected ? { sha256: expected } : {}) });
      },
    });
    await cache.releases.putFile({ url: file.url, metadataSha256: stored.sha256 });
    return readFile(stored.path, "utf8");
  } catch (err: unknown) {
    if (err instanceof HttpFailure) throw requestError(err, { kind: "file", url, what: name });
    throw err;
  } finally {
    if (owned) ictx.http.close();
  }
}
