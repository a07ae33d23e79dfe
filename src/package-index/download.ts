// Downloading one distribution file into the content store: cache first, then streamed, hashed, retried.
import { stat } from "node:fs/promises";
import { hashFile } from "../cache/content-store.js";
import { isPyvendorError } from "../errors.js";
import type { DistributionFile } from "./finder.js";
import { algorithmsNeeded, checkHashes, type HashInputs } from "./hash-check.js";
import { HttpFailure } from "./http-client.js";
import { requestError, type IndexContext } from "./index-context.js";
import { redactUrl } from "./redact.js";
import { retryingGet } from "./retrying-get.js";

export interface DownloadRequest {
  file: DistributionFile;
  /** Requirement / pylock hashes, "sha256:hex"; alternatives (one must match). */
  expectedHashes: string[];
}

export interface DownloadResult {
  file: DistributionFile;
  /** Path of the verified content in the cache. */
  path: string;
  sha256: string;
  size: number;
  fromCache: boolean;
}

/** Progress events at most every 64 KiB or 100 ms. */
const PROGRESS_BYTES = 64 * 1024;
const PROGRESS_MS = 100;

function hashInputs(req: DownloadRequest): HashInputs {
  return { filename: req.file.filename, indexHashes: req.file.hashes, expectedHashes: req.expectedHashes };
}

/**
 * The cached, verified content for `req` when its sha256 is known (from the index or from an
 * earlier download of the same URL, not for a local file) and present; undefined otherwise. No network. A corrupt
 * entry is removed, reported as a warning, and treated as missing. Throws E_HASH_MISMATCH when
 * the known content does not satisfy the requirement's hashes.
 */
export async function fromCache(ctx: IndexContext, req: DownloadRequest, verify: boolean): Promise<DownloadResult | undefined> {
  const { file } = req;
  // A local file (file: URL) may have changed since it was read: only a hash from the index or
  // the requirements stands for it, never the memory of an earlier read.
  const remembered = file.url.startsWith("file:") ? undefined : await ctx.cache.releases.getFile(file.url);
  const known = file.hashes.sha256 ?? remembered?.sha256;
  if (!known) return undefined;
  let path: string | undefined;
  try {
    path = await ctx.cache.content.get(known, { verify });
  } catch (err: unknown) {
    if (!isPyvendorError(err, "E_CACHE_CORRUPT")) throw err;
    ctx.events({ type: "warning", code: err.code, message: `${file.filename}: ${err.message}` });
    return undefined;
  }
  if (!path) return undefined;
  const digests: Record<string, string> = { sha256: known };
  for (const algo of algorithmsNeeded(hashInputs(req))) digests[algo] = await hashFile(path, algo);
  checkHashes(hashInputs(req), digests);
  const size = (await stat(path)).size;
  ctx.events({ type: "download-end", file: file.filename, bytes: size, fromCache: true });
  return { file, path, sha256: known, size, fromCache: true };
}

/**
 * Downloads `req.file` into the content store with retries, hashing while streaming and checking
 * every hash (checkHashes) and the Content-Length before the entry is committed: a wrong or short
 * file is never cached. Throws E_HASH_MISMATCH, E_AUTH_REQUIRED, E_FORBIDDEN, E_DOWNLOAD_FAILED.
 */
export async function download(ctx: IndexContext, req: DownloadRequest): Promise<DownloadResult> {
  const { file } = req;
  const inputs = hashInputs(req);
  const algorithms = algorithmsNeeded(inputs);
  let stored;
  try {
    stored = await retryingGet(ctx.http, file.url, {
      retry: ctx.retry(file.filename),
      consume: async (res) => {
        const declared = Number(res.headers["content-length"] ?? NaN);
        const size = Number.isFinite(declared) ? declared : file.size;
        ctx.events({ type: "download-start", file: file.filename, url: redactUrl(file.url), ...(size !== undefined ? { size } : {}) });
        let lastBytes = 0;
        let lastTime = Date.now();
        return ctx.cache.content.putStream(res.body, {
          name: file.filename,
          algorithms,
          onBytes: (bytes) => {
            const now = Date.now();
            if (bytes - lastBytes < PROGRESS_BYTES && now - lastTime < PROGRESS_MS) return;
            lastBytes = bytes;
            lastTime = now;
            ctx.events({ type: "download-progress", file: file.filename, bytes, ...(size !== undefined ? { size } : {}) });
          },
          verify: (content) => {
            if (Number.isFinite(declared) && content.size !== declared) throw new HttpFailure({ kind: "truncated" }, file.url);
            checkHashes(inputs, content.digests);
          },
        });
      },
    });
  } catch (err: unknown) {
    if (err instanceof HttpFailure) throw requestError(err, { kind: "file", url: file.url, what: file.filename });
    throw err;
  }
  await ctx.cache.releases.putFile({ url: file.url, sha256: stored.sha256, size: stored.size });
  ctx.events({ type: "download-end", file: file.filename, bytes: stored.size, fromCache: false });
  return { file, path: stored.path, sha256: stored.sha256, size: stored.size, fromCache: false };
}
