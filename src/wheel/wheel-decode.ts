// Reading a wheel for the store: sha256, layout and RECORD checked, then entries inflated and verified in memory.
import crypto, { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { nodeHashName, splitRecordHash } from "./record.js";
import { STORE_FORMAT, type StoredFile, type StoreIndex } from "./store-index.js";
import type { UnpackJob } from "./store-unpack.js";
import { readWheelContents, type WheelContents } from "./wheel-contents.js";
import { openZipSource, readEntrySync, type OpenZip, type ZipEntryInfo, type ZipSource } from "./zip-entries.js";

/**
 * Wheels up to this size are read into memory whole: one read serves the sha256, the central
 * directory and every entry. Larger wheels are hashed in chunks and read entry by entry.
 */
export const WHEEL_IN_MEMORY_MAX = 8 * 1024 * 1024;
/**
 * Entries up to this size (compressed and inflated) are inflated in one step and written with
 * one call; larger ones stream to disk in 64 KiB chunks.
 */
export const ENTRY_IN_MEMORY_MAX = 4 * 1024 * 1024;
/** A wheel whose files add up to at most this many bytes may be decoded whole (decodeWheel). */
export const DECODED_MAX = 8 * 1024 * 1024;

/** A wheel open for unpacking: its sha256 checked, its central directory and RECORD read. */
export interface OpenedWheel {
  label: string;
  zip: OpenZip;
  contents: WheelContents;
  byName: Map<string, ZipEntryInfo>;
  /** True when decodeWheel may hold all of it in memory (see the limits). */
  decodable: boolean;
  close(): void;
}

/** A wheel inflated and verified in memory: its index, and each file's bytes in index order. */
export interface DecodedWheel {
  index: StoreIndex;
  bodies: Buffer[];
}

const CHUNK = 1024 * 1024;

function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  for (let got = 0; got < size; ) {
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

/** A wheel file to open: where it is, its sha256 (hex), and its wheel file name when the path is a cache blob's. */
export type WheelFileJob = Pick<UnpackJob, "wheelPath" | "sha256" | "limits"> & { filename?: string };

/**
 * Opens the wheel of `job`: checks its sha256 (E_HASH_MISMATCH), then its central directory
 * and RECORD (see openZipSource and readWheelContents). The caller must `close()`.
 */
export async function openWheel(job: WheelFileJob): Promise<OpenedWheel> {
  const label = job.filename ?? path.basename(job.wheelPath);
  const fd = openSync(job.wheelPath, "r");
  let zip: OpenZip | undefined;
  try {
    const size = fstatSync(fd).size;
    const inMemory = size <= (job.limits?.wheelInMemory ?? WHEEL_IN_MEMORY_MAX);
    const source: ZipSource = inMemory ? { buffer: readWhole(fd, size) } : { fd, size };
    const actual = sha256Of(source);
    if (actual !== job.sha256) {
      throw new PyvendorError("E_HASH_MISMATCH", `${label}: sha256 is ${actual}, expected ${job.sha256}`, {
        data: { file: label, expected: job.sha256, actual },
      });
    }
    zip = await openZipSource(source, label);
    const contents = readWheelContents(zip, label);
    const byName = new Map(zip.entries.map((e) => [e.name, e]));
    const entryMax = job.limits?.entryInMemory ?? ENTRY_IN_MEMORY_MAX;
    let total = 0;
    let decodable = inMemory;
    for (const f of contents.files) {
      const info = byName.get(f.path) as ZipEntryInfo;
      total += info.size;
      if (info.size > entryMax || info.compressedSize > entryMax) decodable = false;
    }
    const opened = zip;
    return { label, zip, contents, byName, decodable: decodable && total <= DECODED_MAX, close: () => { opened.close(); closeSync(fd); } };
  } catch (err: unknown) {
    zip?.close();
    closeSync(fd);
    throw err;
  }
}

/** E_RECORD_MISMATCH for a file whose bytes differ from RECORD. */
export function recordMismatch(file: StoredFile, label: string): PyvendorError {
  return new PyvendorError("E_RECORD_MISMATCH", `${label}: ${file.path} does not match its RECORD hash or size`, {
    data: { wheel: label, file: file.path },
  });
}

/** The hash RECORD gives `file` (undefined for RECORD itself), checked to be one the spec allows. */
export function recordDigest(file: StoredFile, label: string): { algo: string; digest: string } | undefined {
  return file.hash ? splitRecordHash(file.hash, `${label}: ${file.path}`) : undefined;
}

/** A hash object for RECORD's algorithm (sha256 for RECORD itself, which has none). */
export function recordHasher(want: { algo: string } | undefined) {
  return createHash(nodeHashName(want?.algo ?? "sha256") as string);
}

/** crypto.hash (Node >= 20.12): a one-shot digest without a Hash object per file. */
const oneShot = (crypto as { hash?: (algo: string, data: Uint8Array, encoding: "base64url") => string }).hash;

function digestOf(algo: string, body: Buffer): string {
  const name = nodeHashName(algo) as string;
  return oneShot ? oneShot(name, body, "base64url") : createHash(name).update(body).digest("base64url");
}

const PLACEHOLDER = Buffer.from("#!python");

/** A `.data/scripts/` file whose first line is the `#!python` placeholder. */
export function isPythonScript(file: StoredFile, head: Buffer): boolean {
  return head.length >= 8 && head.compare(PLACEHOLDER, 0, 8, 0, 8) === 0 && file.path.split("/")[1] === "scripts";
}

/** One small entry inflated and checked against RECORD (E_WHEEL_INVALID, E_RECORD_MISMATCH). */
export function readVerified(wheel: OpenedWheel, file: StoredFile): Buffer {
  const body = readEntrySync(wheel.zip, wheel.byName.get(file.path) as ZipEntryInfo, wheel.label);
  const want = recordDigest(file, wheel.label);
  if (want && digestOf(want.algo, body) !== want.digest) throw recordMismatch(file, wheel.label);
  return body;
}

/**
 * Inflates and verifies every file of a `decodable` wheel (no I/O), so a damaged wheel is
 * refused before any of its files is written.
 */
export function decodeWheel(wheel: OpenedWheel, job: Pick<UnpackJob, "sha256">): DecodedWheel {
  const files: StoredFile[] = wheel.contents.files.map((f) => ({ ...f }));
  const bodies = files.map((file) => {
    const body = readVerified(wheel, file);
    if (isPythonScript(file, body)) file.pythonShebang = true;
    return body;
  });
  const { files: _ignored, ...rest } = wheel.contents;
  return { index: { ...rest, format: STORE_FORMAT, filename: wheel.label, sha256: job.sha256, files }, bodies };
}
