// The remote level's port to S3 (ObjectStore) and its implementation with @aws-sdk/client-s3.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { backoffDelay } from "../backoff.js";
import { classifyRemoteError, isNotFound, RemoteFailure } from "./remote-failure.js";
import type { S3Settings } from "./s3-settings.js";

export interface RemoteObject {
  body: Readable;
  /** Content-Length, when the server sent one. */
  size?: number;
}

/**
 * What happens when the key already exists: "replace" overwrites (records that may be refreshed);
 * "keep-first" leaves the existing object (the first writer wins); "content-addressed" keeps it
 * when it holds the same bytes and repairs it otherwise.
 */
export type PutPolicy = "replace" | "keep-first" | "content-addressed";

export interface PutRequest {
  /** A file to upload (streamed, read again for each attempt) or the bytes themselves. */
  file?: string;
  bytes?: Buffer;
  policy: PutPolicy;
  contentType?: string;
}

/** Objects under keys relative to the configured prefix. Every method throws RemoteFailure only. */
export interface ObjectStore {
  /** The object, or undefined when there is none (404). */
  get(key: string): Promise<RemoteObject | undefined>;
  /** Uploads and verifies; "present" when the policy kept an existing object. */
  put(key: string, request: PutRequest): Promise<"stored" | "present">;
  /** Checks that the bucket is there and answers (HeadBucket). */
  probe(): Promise<void>;
}

interface Digests {
  md5: string;
  sha256: string;
  size: number;
}

async function digestsOf(request: PutRequest): Promise<Digests> {
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  let size = 0;
  const source = request.bytes ? Readable.from([request.bytes]) : createReadStream(request.file ?? "");
  await pipeline(source, async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      md5.update(chunk);
      sha256.update(chunk);
      size += chunk.length;
    }
  });
  return { md5: md5.digest("hex"), sha256: sha256.digest("hex"), size };
}

/** The most one PUT may carry (S3's limit); larger artifacts are not shared (there is no multipart upload). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
const SILENT = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };
const RETRIABLE = new Set(["server", "timeout", "unreachable"]);

/** Runs `fn` with `retries` more attempts for transient failures, with the shared backoff (base `delayMs`, cap 2 s). */
async function withRetries<T>(retries: number, delayMs: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err: unknown) {
      const failure = err instanceof RemoteFailure ? err : classifyRemoteError(err);
      const delay = RETRIABLE.has(failure.kind) ? backoffDelay(attempt, { retries, baseDelayMs: delayMs, maxDelayMs: 2000 }) : undefined;
      if (delay === undefined) throw failure;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * An ObjectStore on S3 (or an S3-compatible service). Credentials come from the SDK's default
 * chain and are never read or shown by us. Requests time out after settings.timeoutMs of
 * connecting or of silence; the SDK does not retry (a streamed body cannot be replayed), we do.
 * Uploads are single PUTs (atomic: an object is visible whole or not at all; no multipart) with
 * Content-MD5 and x-amz-checksum-sha256, and the answer's checksum or ETag is compared too.
 */
export async function createS3ObjectStore(settings: S3Settings, options: { retryDelayMs?: number } = {}): Promise<ObjectStore> {
  // The SDK warns on stderr about Node 20 support ending in 2027; library code must not print.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const sdk = await import("@aws-sdk/client-s3");
  const client = new sdk.S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.pathStyle,
    maxAttempts: 1,
    logger: SILENT,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs, logger: SILENT },
  });
  const Bucket = settings.bucket;
  const full = (key: string) => (settings.prefix ? `${settings.prefix}/${key}` : key);
  const retry = <T>(fn: () => Promise<T>) => withRetries(settings.retries, options.retryDelayMs ?? 250, fn);
  let conditional = true;

  async function matches(key: string, d: Digests): Promise<boolean | undefined> {
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket, Key: full(key) }));
      if (head.ContentLength !== undefined && head.ContentLength !== d.size) return false;
      const sha = head.Metadata?.sha256;
      if (sha) return sha === d.sha256;
      const etag = head.ETag?.replace(/"/g, "");
      return etag !== undefined && /^[0-9a-f]{32}$/.test(etag) ? etag === d.md5 : false;
    } catch (err: unknown) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function putOnce(key: string, request: PutRequest, d: Digests, ifAbsent: boolean): Promise<void> {
    const res = await client.send(
      new sdk.PutObjectCommand({
        Bucket,
        Key: full(key),
        Body: request.bytes ?? createReadStream(request.file ?? ""),
        ContentLength: d.size,
        ContentMD5: b64(d.md5),
        ChecksumSHA256: b64(d.sha256),
        ContentType: request.contentType ?? "application/octet-stream",
        Metadata: { sha256: d.sha256 },
        ...(ifAbsent ? { IfNoneMatch: "*" } : {}),
      }),
    );
    // Servers that verify neither header still tell what they stored: a checksum, or an MD5 ETag.
    const etag = res.ETag?.replace(/"/g, "");
    const kms = String(res.ServerSideEncryption ?? "").startsWith("aws:kms");
    const etagMd5 = etag !== undefined && /^[0-9a-f]{32}$/.test(etag) && !kms ? etag : undefined;
    const intact = res.ChecksumSHA256 !== undefined ? res.ChecksumSHA256 === b64(d.sha256) : etagMd5 === undefined || etagMd5 === d.md5;
    if (!intact) {
      throw new RemoteFailure("integrity", `the upload of ${full(key)} was not stored intact (the server reports other bytes)`);
    }
  }

  return {
    async get(key) {
      return retry(async () => {
        try {
          const res = await client.send(new sdk.GetObjectCommand({ Bucket, Key: full(key) }));
          if (!(res.Body instanceof Readable)) throw new RemoteFailure("other", `no body for ${full(key)}`);
          return { body: res.Body, ...(res.ContentLength !== undefined ? { size: res.ContentLength } : {}) };
        } catch (err: unknown) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      });
    },
    async put(key, request) {
      const d = await digestsOf(request);
      if (request.policy === "replace") {
        await retry(() => putOnce(key, request, d, false));
        return "stored";
      }
      return retry(async () => {
        try {
          await putOnce(key, request, d, conditional);
          return "stored";
        } catch (err: unknown) {
          const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === 501 && conditional) {
            // A service without conditional writes: plain PUTs from now on (the last writer wins).
            conditional = false;
            await putOnce(key, request, d, false);
            return "stored";
          }
          // 412: the key exists; 409: another conditional write to it is in progress.
          if (status !== 412 && status !== 409) throw err;
          if (request.policy === "keep-first") return "present";
          const same = await matches(key, d);
          if (same === true) return "present";
          await putOnce(key, request, d, false); // damaged or not yet visible: same key, right bytes
          return "stored";
        }
      });
    },
    async probe() {
      await retry(async () => {
        try {
          await client.send(new sdk.HeadBucketCommand({ Bucket }));
        } catch (err: unknown) {
          // HEAD answers carry no error code: a bare 404 here is the bucket.
          if (isNotFound(err)) throw new RemoteFailure("no-bucket", "the bucket does not exist (HTTP 404)", 404);
          throw err;
        }
      });
    },
  };
}
