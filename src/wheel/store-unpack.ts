// Unpacking one wheel into the store with synchronous I/O: one read, inflate in memory, one write per file.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, closeSync, createWriteStream, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PyvendorError, isErrno } from "../errors.js";
import { nodeHashName, splitRecordHash } from "./record.js";
import { readWheelContents, type WheelContents } from "./wheel-contents.js";
import { entryStream, openZipSource, readEntrySync, type OpenZip, type ZipEntryInfo, type ZipSource } from "./zip-entries.js";

/**
 * Wheels up to this size are read into memory whole: one read serves the sha256, the central
 * directory and every entry. Larger wheels are hashed in chunks and read entry by entry.
 */
export const WHEEL_IN_MEMORY_MAX = 8 * 1024 * 1024;
/**
 * Entries up to this size (compressed and inflated) are inflated in one step and written with
 * one call; larger ones stream to disk in 64 KiB chunks. So one unpacking holds at most
 * WHEEL_IN_MEMORY_MAX + 2 × ENTRY_IN_MEMORY_MAX of file data, whatever the wheel's size.
 */
export const ENTRY_IN_MEMORY_MAX = 4 * 1024 * 1024;

/** One regular file of an unpacked wheel. */
export interface StoredFile {
  /** Path inside the wheel (`/`-separated). */
  path: string;
  size: number;
  /** RECORD-style hash as the wheel's RECORD gives it ("" for RECORD itself). */
  hash: string;
  /** The zip marked it executable (a regular file with an x bit). */
  exec: boolean;
  /** A `.data/scripts/` file starting with `#!python` (its shebang must be rewritten). */
  pythonShebang?: boolean;
}

/** `<store>/<sha256>/index.json`: what the installer needs without opening the wheel again. */
export interface StoreIndex extends WheelContents {
  format: 1;
  filename: string;
  sha256: string;
  files: StoredFile[];
}

export interface UnpackJob {
  wheelPath: string;
  /** Expected sha256 (hex) of the wheel file: the store key. */
  sha256: string;
  /** The store directory (`<cache>/unpacked-v1`). */
  storeDir: string;
  /** Make stored files read-only (for a shared store whose files get hard-linked). */
  readOnly: boolean;
  /** The process umask: modes it would strip are set explicitly (worker threads cannot read it). */
  umask: number;
  /** Overrides WHEEL_IN_MEMORY_MAX and ENTRY_IN_MEMORY_MAX (tests force each path with them). */
  limits?: UnpackLimits;
}

export interface UnpackLimits {
  wheelInMemory: number;
  entryInMemory: number;
}

const CHUNK = 1024 * 1024;

function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buffer, got, size - got, got);
    if (n === 0) throw new Error(`unexpected end of file after ${got} of ${size} bytes`);
    got += n;
  }
  return buffer;
}

function sha256Of(source: ZipSource): string {
  const hash = createHash("sha256");
  if ("buffer" in source) return hash.update(source.buffer).digest("hex");
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let pos = 0; pos < source.size; ) {
    const n = readSync(source.fd, chunk, 0, Math.min(CHUNK, source.size - pos), pos);
    if (n === 0) break;
    hash.update(chunk.subarray(0, n));
    pos += n;
  }
  return hash.digest("hex");
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

function writeAll(dest: string, body: Buffer, mode: number, umask: number): void {
  const fd = openSync(dest, "wx", mode);
  try {
    for (let off = 0; off < body.length; ) off += writeSync(fd, body, off, body.length - off);
    if (mode & umask) fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

function mismatch(file: StoredFile, label: string): PyvendorError {
  return new PyvendorError("E_RECORD_MISMATCH", `${label}: ${file.path} does not match its RECORD hash or size`, {
    data: { wheel: label, file: file.path },
  });
}

/** The hash RECORD gives `file` (undefined for RECORD itself), checked to be one the spec allows. */
function recordDigest(file: StoredFile, label: string): { algo: string; digest: string } | undefined {
  return file.hash ? splitRecordHash(file.hash, `${label}: ${file.path}`) : undefined;
}

function hasher(want: { algo: string } | undefined) {
  return createHash(nodeHashName(want?.algo ?? "sha256") as string);
}

/** A `.data/scripts/` file whose first line is the `#!python` placeholder. */
function isPythonScript(file: StoredFile, head: Buffer): boolean {
  return head.toString("latin1", 0, 8) === "#!python" && file.path.split("/")[1] === "scripts";
}

/** Streams one large entry to `dest`, hashing as it goes; corrupt data gives E_WHEEL_INVALID. */
async function writeStreamed(open: OpenZip, info: ZipEntryInfo, file: StoredFile, dest: string, job: { mode: number; umask: number; label: string }): Promise<Buffer> {
  const want = recordDigest(file, job.label);
  const hash = hasher(want);
  let head: Buffer | undefined;
  let sourceError: unknown;
  const corrupt = (err: unknown) =>
    new PyvendorError("E_WHEEL_INVALID", `${job.label}: entry "${info.name}" cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      data: { archive: job.label, entry: info.name },
    });
  let stream;
  try {
    stream = await entryStream(open, info);
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
    await pipeline(stream, tap, createWriteStream(dest, { mode: job.mode, flags: "wx" }));
  } catch (err: unknown) {
    throw sourceError !== undefined ? corrupt(sourceError) : err;
  }
  if (job.mode & job.umask) chmodSync(dest, job.mode);
  if (want && hash.digest("base64url") !== want.digest) throw mismatch(file, job.label);
  return head ?? Buffer.alloc(0);
}

function readIndexSync(dir: string): StoreIndex | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")) as StoreIndex;
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return undefined;
    throw err;
  }
}

/** The index of `<storeDir>/<sha256>` when that entry is complete, else undefined. */
export function readStoreIndex(storeDir: string, sha256: string): StoreIndex | undefined {
  return readIndexSync(path.join(storeDir, sha256));
}

async function extractInto(open: OpenZip, job: UnpackJob, tmp: string, label: string): Promise<StoreIndex> {
  const contents = readWheelContents(open, label);
  const byName = new Map(open.entries.map((e) => [e.name, e]));
  const files: StoredFile[] = contents.files.map((f) => ({ ...f }));
  const root = path.join(tmp, "files");
  mkdirSync(root);
  for (const dir of directories(root, files)) mkdirSync(dir);
  for (const file of files) {
    const info = byName.get(file.path) as ZipEntryInfo;
    const small = job.limits?.entryInMemory ?? ENTRY_IN_MEMORY_MAX;
    const dest = `${root}/${file.path}`; // checked by openZipSource: no `..`, no empty parts
    const mode = job.readOnly ? (file.exec ? 0o555 : 0o444) : file.exec ? 0o755 : 0o644;
    let head: Buffer;
    if (info.size <= small && info.compressedSize <= small) {
      const body = readEntrySync(open, info, label);
      const want = recordDigest(file, label);
      if (want && hasher(want).update(body).digest("base64url") !== want.digest) throw mismatch(file, label);
      writeAll(dest, body, mode, job.umask);
      head = body;
    } else {
      head = await writeStreamed(open, info, file, dest, { mode, umask: job.umask, label });
    }
    if (isPythonScript(file, head)) file.pythonShebang = true;
  }
  const { files: _ignored, ...rest } = contents;
  return { ...rest, format: 1, filename: label, sha256: job.sha256, files };
}

/**
 * Unpacks the wheel of `job` into `<storeDir>/<sha256>` and returns its index: the wheel's
 * sha256 is checked (E_HASH_MISMATCH), its layout and RECORD (wheel-contents), every entry
 * against its RECORD hash (E_RECORD_MISMATCH) and its deflate data (E_WHEEL_INVALID), all in a
 * temp dir renamed into place, so a store entry is complete or absent and is never modified
 * after the rename. When another process renamed first, returns theirs. Synchronous I/O
 * throughout except for entries over ENTRY_IN_MEMORY_MAX.
 */
export async function unpackIntoStore(job: UnpackJob): Promise<StoreIndex> {
  const label = path.basename(job.wheelPath);
  const finalDir = path.join(job.storeDir, job.sha256);
  const fd = openSync(job.wheelPath, "r");
  let open: OpenZip | undefined;
  const tmp = path.join(job.storeDir, `.tmp-${job.sha256.slice(0, 16)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  let made = false;
  try {
    const size = fstatSync(fd).size;
    const source: ZipSource = size <= (job.limits?.wheelInMemory ?? WHEEL_IN_MEMORY_MAX) ? { buffer: readWhole(fd, size) } : { fd, size };
    const actual = sha256Of(source);
    if (actual !== job.sha256) {
      throw new PyvendorError("E_HASH_MISMATCH", `${label}: sha256 is ${actual}, expected ${job.sha256}`, {
        data: { file: label, expected: job.sha256, actual },
      });
    }
    open = await openZipSource(source, label);
    mkdirSync(tmp);
    made = true;
    const index = await extractInto(open, job, tmp, label);
    writeFileSync(path.join(tmp, "index.json"), JSON.stringify(index));
    try {
      renameSync(tmp, finalDir);
    } catch (err: unknown) {
      if (!isErrno(err, "EEXIST") && !isErrno(err, "ENOTEMPTY")) throw err;
      const theirs = readIndexSync(finalDir);
      if (!theirs) throw err;
      rmSync(tmp, { recursive: true, force: true });
      return theirs;
    }
    made = false;
    return index;
  } catch (err: unknown) {
    if (made) rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    open?.close();
    closeSync(fd);
  }
}
