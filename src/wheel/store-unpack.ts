// Unpacking one wheel into the store with synchronous I/O: temp dir, one write per file, rename.
import { randomBytes } from "node:crypto";
import { chmodSync, createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PyvendorError, isErrno } from "../errors.js";
import { readStoreIndex, STORE_FORMAT, type StoredFile, type StoreIndex } from "./store-index.js";
import { ENTRY_IN_MEMORY_MAX, decodeWheel, isPythonScript, openWheel, readVerified, recordDigest, recordHasher, recordMismatch, type DecodedWheel, type OpenedWheel } from "./wheel-decode.js";
import { writeExact } from "./destination.js";
import { stampOf } from "./store-check.js";
import { entryStream, type ZipEntryInfo } from "./zip-entries.js";

export { DECODED_MAX, ENTRY_IN_MEMORY_MAX, WHEEL_IN_MEMORY_MAX } from "./wheel-decode.js";
export { STORE_FORMAT, readStoreIndex, retireEntry, type StoredFile, type StoreIndex } from "./store-index.js";

export interface UnpackJob {
  wheelPath: string;
  /** Expected sha256 (hex) of the wheel file: the store key. */
  sha256: string;
  /** The store directory (`<cache>/unpacked-v2`). */
  storeDir: string;
  /** Make stored files read-only (for a shared store whose files get hard-linked). */
  readOnly: boolean;
  /** The process umask: a mode it would strip bits from is set explicitly (read once by the caller). */
  umask: number;
  /** Overrides WHEEL_IN_MEMORY_MAX and ENTRY_IN_MEMORY_MAX (tests force each path with them). */
  limits?: UnpackLimits;
}

export interface UnpackLimits {
  wheelInMemory: number;
  entryInMemory: number;
}

/** Every directory the files need, parents first (a path sorts after its prefixes). */
function directories(root: string, files: StoredFile[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return [...dirs].sort().map((d) => path.join(root, ...d.split("/")));
}

function fileMode(job: UnpackJob, file: StoredFile): number {
  return job.readOnly ? (file.exec ? 0o555 : 0o444) : file.exec ? 0o755 : 0o644;
}

/** Streams one large entry to `dest`, hashing as it goes; corrupt data gives E_WHEEL_INVALID. Returns its first bytes. */
async function writeStreamed(wheel: OpenedWheel, file: StoredFile, dest: string, job: UnpackJob): Promise<Buffer> {
  const info = wheel.byName.get(file.path) as ZipEntryInfo;
  const want = recordDigest(file, wheel.label);
  const hash = recordHasher(want);
  const mode = fileMode(job, file);
  let head: Buffer | undefined;
  let sourceError: unknown;
  const corrupt = (err: unknown) =>
    new PyvendorError("E_WHEEL_INVALID", `${wheel.label}: entry "${info.name}" cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      data: { archive: wheel.label, entry: info.name },
    });
  let stream;
  try {
    stream = await entryStream(wheel.zip, info);
  } catch (err: unknown) {
    throw corrupt(err);
  }
  stream.once("error", (err) => (sourceError ??= err));
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      head ??= chunk.subarray(0, 8);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(dest, { mode, flags: "wx" }));
  } catch (err: unknown) {
    throw sourceError !== undefined ? corrupt(sourceError) : err;
  }
  if (mode & job.umask) chmodSync(dest, mode);
  if (want && hash.digest("base64url") !== want.digest) throw recordMismatch(file, wheel.label);
  return head ?? Buffer.alloc(0);
}

/** The files of a wheel too big to decode whole: small entries in one step, large ones streamed. */
async function writeEntries(wheel: OpenedWheel, job: UnpackJob, root: string): Promise<StoreIndex> {
  const files: StoredFile[] = wheel.contents.files.map((f) => ({ ...f }));
  const small = job.limits?.entryInMemory ?? ENTRY_IN_MEMORY_MAX;
  for (const file of files) {
    const info = wheel.byName.get(file.path) as ZipEntryInfo;
    const dest = `${root}/${file.path}`; // checked by openZipSource: no `..`, no empty parts
    let head: Buffer;
    if (info.size <= small && info.compressedSize <= small) {
      head = readVerified(wheel, file);
      writeExact(dest, head, fileMode(job, file), job.umask);
    } else {
      head = await writeStreamed(wheel, file, dest, job);
    }
    if (isPythonScript(file, head)) file.pythonShebang = true;
  }
  const { files: _ignored, ...rest } = wheel.contents;
  return { ...rest, format: STORE_FORMAT, filename: wheel.label, sha256: job.sha256, files };
}

/**
 * Writes a store entry through a temp dir renamed into place, so an entry is complete or absent
 * and never modified after the rename; `fill(root)` writes the files under `root` and returns
 * the index. When another process renamed first, returns theirs.
 */
async function commitEntry(job: UnpackJob, files: StoredFile[], fill: (root: string) => StoreIndex | Promise<StoreIndex>): Promise<StoreIndex> {
  const tmp = path.join(job.storeDir, `.tmp-${job.sha256.slice(0, 16)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(tmp);
  try {
    const root = path.join(tmp, "files");
    mkdirSync(root);
    for (const dir of directories(root, files)) mkdirSync(dir);
    const index = await fill(root);
    for (const f of index.files) f.stamp = stampOf(`${root}/${f.path}`); // a rename keeps inode and mtime
    writeFileSync(path.join(tmp, "index.json"), JSON.stringify(index));
    try {
      renameSync(tmp, path.join(job.storeDir, job.sha256));
      return index;
    } catch (err: unknown) {
      const theirs = isErrno(err, "EEXIST") || isErrno(err, "ENOTEMPTY") ? readStoreIndex(job.storeDir, job.sha256) : undefined;
      if (!theirs) throw err;
      rmSync(tmp, { recursive: true, force: true });
      return theirs;
    }
  } catch (err: unknown) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Writes a decoded wheel (decodeWheel) as a store entry; synchronous but for the final rename race. */
export function writeDecoded(job: UnpackJob, decoded: DecodedWheel): Promise<StoreIndex> {
  return commitEntry(job, decoded.index.files, (root) => {
    decoded.index.files.forEach((file, i) => writeExact(`${root}/${file.path}`, decoded.bodies[i] as Buffer, fileMode(job, file), job.umask));
    return decoded.index;
  });
}

/** Writes an opened wheel as a store entry: decoded whole when it is small enough, else entry by entry. */
export async function writeOpened(wheel: OpenedWheel, job: UnpackJob): Promise<StoreIndex> {
  if (wheel.decodable) return writeDecoded(job, decodeWheel(wheel, job));
  return commitEntry(job, wheel.contents.files, (root) => writeEntries(wheel, job, root));
}

/**
 * Unpacks the wheel of `job` into `<storeDir>/<sha256>` and returns its index: the wheel's
 * sha256 is checked (E_HASH_MISMATCH), its layout and RECORD (wheel-contents), every entry
 * against its RECORD hash (E_RECORD_MISMATCH) and its deflate data (E_WHEEL_INVALID), before
 * the rename that makes the entry visible. A refused wheel leaves no entry and no temp dir.
 * Synchronous I/O throughout except for entries over ENTRY_IN_MEMORY_MAX, which stream.
 */
export async function unpackIntoStore(job: UnpackJob): Promise<StoreIndex> {
  const wheel = await openWheel(job);
  try {
    return await writeOpened(wheel, job);
  } finally {
    wheel.close();
  }
}
