// The corpus cache on disk: where it is, which listed files it holds intact, and storing one atomically.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import type { CorpusEntry } from "./list.js";

/** `$PYVENDOR_CORPUS_DIR`, else `~/.cache/pyvendor-corpus` (outside the repository on purpose). */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PYVENDOR_CORPUS_DIR || path.join(os.homedir(), ".cache", "pyvendor-corpus");
}

/** The versioned folder holding every file under its sdist or wheel file name. */
export function filesDir(dir: string): string {
  return path.join(dir, "files-v1");
}

/** sha256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

export interface CacheState {
  /** Entries whose file is present with the listed sha256. */
  present: CorpusEntry[];
  /** Entries without a file, or whose file has other bytes (`found` is then its sha256). */
  missing: { entry: CorpusEntry; found?: string }[];
  /** Bytes of the present files. */
  bytes: number;
}

/** Hashes every listed file in the cache (about 20 MB: well under a second). Reads only. */
export async function readCacheState(dir: string, entries: CorpusEntry[]): Promise<CacheState> {
  const state: CacheState = { present: [], missing: [], bytes: 0 };
  for (const entry of entries) {
    const file = path.join(filesDir(dir), entry.filename);
    const size = await stat(file).then((s) => s.size, () => undefined);
    if (size === undefined) {
      state.missing.push({ entry });
      continue;
    }
    const found = await sha256File(file);
    if (found === entry.sha256) {
      state.present.push(entry);
      state.bytes += size;
    } else state.missing.push({ entry, found });
  }
  return state;
}

/**
 * Copies `source` into the cache as `entry.filename`: temp file in the same folder, hashed while
 * copying, renamed into place only when its sha256 is the listed one (a wrong file in the cache
 * is replaced). Throws Error naming expected and found hashes otherwise. Returns the size.
 */
export async function storeFile(dir: string, source: string, entry: CorpusEntry): Promise<number> {
  const folder = filesDir(dir);
  await mkdir(folder, { recursive: true });
  const tmp = path.join(folder, `.${entry.filename}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), tap, createWriteStream(tmp, { flags: "wx" }));
    const found = hash.digest("hex");
    if (found !== entry.sha256) {
      throw new Error(`${entry.filename}: sha256 mismatch: expected ${entry.sha256}, found ${found} (from ${source})`);
    }
    await rename(tmp, path.join(folder, entry.filename));
    return size;
  } finally {
    await rm(tmp, { force: true });
  }
}
