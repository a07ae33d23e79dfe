// The content-addressed bucket: content-v1/sha256/ab/cd/<hex>, written hash-while-streaming, never overwritten.
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PyvendorError, isErrno } from "../errors.js";
import { commitNoClobber, tempPath, touchIfStale } from "./atomic.js";

export const CONTENT_BUCKET = "content-v1";

/** Digests of what was streamed: always sha256, plus any extra algorithm asked for. */
export interface StreamedContent {
  digests: Record<string, string>;
  size: number;
}

export interface PutOptions {
  /** Expected sha256 (hex); a mismatch throws E_HASH_MISMATCH and nothing is stored. */
  sha256?: string;
  /** Expected size in bytes; a mismatch throws E_HASH_MISMATCH and nothing is stored. */
  size?: number;
  /** What is being stored, for temp names and messages (a filename; never a URL with credentials). */
  name: string;
  /** Extra node:crypto algorithms to compute while streaming (e.g. "sha512"). */
  algorithms?: string[];
  /** Called with the digests before the entry is committed; throw to discard it. */
  verify?: (content: StreamedContent) => void;
  /** Told the byte count after each chunk (progress). */
  onBytes?: (bytes: number) => void;
}

export interface StoredContent {
  sha256: string;
  size: number;
  path: string;
}

export interface ContentStore {
  /** Path of the entry for `sha256` if present; with `verify`, rehashes it and throws E_CACHE_CORRUPT (after removing it) on mismatch. */
  get(sha256: string, options?: { verify?: boolean }): Promise<string | undefined>;
  /** Streams into the store (temp file, hash, verify, no-clobber commit). Never leaves a partial entry. */
  putStream(stream: Readable, options: PutOptions): Promise<StoredContent>;
  /** Stores a copy of a local file. */
  putFile(file: string, expected?: { sha256?: string; size?: number }): Promise<StoredContent>;
  /** Where the entry for `sha256` is or would be. */
  pathFor(sha256: string): string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** sha256 (hex) of a file, streamed. */
export async function hashFile(file: string, algorithm = "sha256"): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** Opens the content bucket under `root`; temp files go to `tmpDir` (same file system). */
export function createContentStore(root: string, tmpDir: string): ContentStore {
  const base = path.join(root, CONTENT_BUCKET, "sha256");
  const pathFor = (sha256: string): string => {
    if (!HEX64.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
    return path.join(base, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function get(sha256: string, options: { verify?: boolean } = {}): Promise<string | undefined> {
    const file = pathFor(sha256.toLowerCase());
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT")) return undefined;
      throw err;
    }
    if (options.verify) {
      const actual = await hashFile(file);
      if (actual !== sha256.toLowerCase()) {
        // Move it aside first so no reader picks it up, then delete it.
        const aside = tempPath(tmpDir, "corrupt");
        await mkdir(tmpDir, { recursive: true });
        await rename(file, aside).catch(() => undefined);
        await rm(aside, { force: true });
        throw new PyvendorError("E_CACHE_CORRUPT", `Cache entry ${sha256} holds content with sha256 ${actual}; it was removed`, {
          data: { path: file, expected: sha256, actual },
        });
      }
    }
    await touchIfStale(file, mtimeMs);
    return file;
  }

  async function putStream(stream: Readable, options: PutOptions): Promise<StoredContent> {
    await mkdir(tmpDir, { recursive: true });
    const tmp = tempPath(tmpDir, options.name);
    const hashes: [string, Hash][] = [["sha256", createHash("sha256")]];
    for (const a of options.algorithms ?? []) if (a !== "sha256") hashes.push([a, createHash(a)]);
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        for (const [, h] of hashes) h.update(chunk);
        options.onBytes?.(size);
        done(null, chunk);
      },
    });
    const out = createWriteStream(tmp, { flags: "wx", mode: 0o644 });
    try {
      await pipeline(stream, tap, out);
      const digests = Object.fromEntries(hashes.map(([a, h]) => [a, h.digest("hex")]));
      const sha256 = digests.sha256 ?? "";
      options.verify?.({ digests, size });
      if (options.sha256 !== undefined && options.sha256.toLowerCase() !== sha256) {
        throw mismatch(options.name, { expected: `sha256:${options.sha256.toLowerCase()}`, actual: `sha256:${sha256}` });
      }
      if (options.size !== undefined && options.size !== size) {
        throw mismatch(options.name, { expected: `${options.size} bytes`, actual: `${size} bytes` });
      }
      const final = pathFor(sha256);
      await commitNoClobber(tmp, final);
      return { sha256, size, path: final };
    } finally {
      // A source that fails at once (a truncated body) rejects the pipeline before the temp file's
      // asynchronous open has finished; removing it then would leave the file the open creates.
      if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
      await rm(tmp, { force: true });
    }
  }

  async function putFile(file: string, expected: { sha256?: string; size?: number } = {}): Promise<StoredContent> {
    return putStream(createReadStream(file), { ...expected, name: path.basename(file) });
  }

  return { get, putStream, putFile, pathFor };
}

function mismatch(name: string, data: { expected: string; actual: string }): PyvendorError {
  return new PyvendorError("E_HASH_MISMATCH", `${name}: expected ${data.expected}, got ${data.actual}`, {
    data: { file: name, ...data },
  });
}
