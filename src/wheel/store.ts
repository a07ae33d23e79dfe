// The unpacked-wheel store: each wheel unzipped once, verified against RECORD, keyed by its sha256.
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { changedFile } from "./store-check.js";
import { readStoreIndex, retireEntry, STORE_FORMAT, type StoreIndex } from "./store-index.js";
import type { UnpackJob, UnpackLimits } from "./store-unpack.js";
import type { WheelContents } from "./wheel-contents.js";
import { checkWheelIdentity } from "./wheel-identity.js";
import { isErrno } from "../errors.js";

/**
 * `<store>/<sha256>/linked`: made before any file of the entry is hard-linked into a venv. Store
 * files are read-only and nothing else writes them, so only an entry with this marker can have
 * changed (a write through a venv's link): the others are not stated file by file.
 */
export const LINKED_MARKER = "linked";

/** Marks the entry of `sha256` as hard-linked into a venv (idempotent; an entry removed meanwhile needs no mark). */
export function markLinked(storeDir: string, sha256: string): void {
  try {
    closeSync(openSync(path.join(storeDir, sha256, LINKED_MARKER), "wx"));
  } catch (err: unknown) {
    if (!isErrno(err, "EEXIST") && !isErrno(err, "ENOENT")) throw err;
  }
}

export type { StoredFile } from "./store-index.js";

/** A wheel unpacked in the store (or in a private scratch store). */
export interface UnpackedWheel extends WheelContents {
  /** Directory holding the wheel's files under their archive paths. */
  root: string;
  sha256: string;
  filename: string;
  files: StoreIndex["files"];
  /** True when the store already had it (no unzip happened). */
  hit: boolean;
}

export interface UnpackOptions {
  /** The store directory (`<cache>/unpacked-v2`); created if missing. */
  storeDir: string;
  /** Make stored files read-only (for a shared store whose files get hard-linked). */
  readOnly: boolean;
  /** The process umask (store files get exact modes even under a restrictive one). */
  umask: number;
  /** Size thresholds of the in-memory paths (default: WHEEL_IN_MEMORY_MAX, ENTRY_IN_MEMORY_MAX). */
  limits?: UnpackLimits;
}

function fromIndex(storeDir: string, index: StoreIndex, hit: boolean): UnpackedWheel {
  const { format: _format, ...rest } = index;
  return { ...rest, root: path.join(storeDir, index.sha256, "files"), hit };
}

/**
 * Returns every wheel unpacked, from the store when it has them and they are unchanged (an entry
 * never hard-linked out, see LINKED_MARKER; else each file's stamp as recorded, else its RECORD
 * hash: see changedFile), unzipping the others one after
 * the other in this thread, as unpackIntoStore describes. Not in worker threads: creating files
 * is kernel work that two threads did more slowly than one (ext4, 2 cores), and a thread that
 * only decoded while this one wrote gained nothing measurable for ~100 ms of start-up. Measured
 * again on the real corpus (69 wheels, 2 vCPUs): a worker claiming wheels from the front (read,
 * sha256, inflate, verify) while this thread wrote them and unpacked from the back answered first
 * after ~180 ms, and this thread's own unpacking ran ~2x slower per byte meanwhile; the unpack
 * step took 330-400 ms against 270-350 ms here alone, the same even with the worker started
 * early. Throws E_HASH_MISMATCH, E_UNSAFE_PATH,
 * E_UNSAFE_ENTRY, E_DUPLICATE_ENTRY, E_RECORD_MISMATCH or E_WHEEL_INVALID for a bad wheel (also for
 * stored bytes now named as another project's or version's wheel), which
 * then leaves no entry and no temp dir in the store (wheels before it stay unpacked).
 */
export async function unpackWheels(wheels: { path: string; sha256: string }[], options: UnpackOptions): Promise<UnpackedWheel[]> {
  await mkdir(options.storeDir, { recursive: true });
  const out: UnpackedWheel[] = new Array(wheels.length);
  const misses = new Map<string, { job: UnpackJob; slots: number[] }>();
  for (const [i, w] of wheels.entries()) {
    const index = readStoreIndex(options.storeDir, w.sha256);
    const entry = path.join(options.storeDir, w.sha256);
    if (index && index.format === STORE_FORMAT && (!existsSync(path.join(entry, LINKED_MARKER)) || !changedFile(path.join(entry, "files"), index.files))) {
      out[i] = fromIndex(options.storeDir, index, true);
      continue;
    }
    // Of an older format, or changed since it was unpacked (a write through a hard-linked venv
    // file): never reused, never repaired in place; moved away and unpacked again.
    if (index) retireEntry(options.storeDir, w.sha256);
    const miss = misses.get(w.sha256);
    if (miss) {
      miss.slots.push(i);
      continue;
    }
    const job: UnpackJob = { wheelPath: w.path, sha256: w.sha256, storeDir: options.storeDir, readOnly: options.readOnly, umask: options.umask,
      ...(options.limits ? { limits: options.limits } : {}) };
    misses.set(w.sha256, { job, slots: [i] });
  }
  // The unzip path (yauzl, inflate) is loaded only when a wheel must be unpacked.
  const unpackIntoStore = misses.size > 0 ? (await import("./store-unpack.js")).unpackIntoStore : undefined;
  for (const miss of misses.values()) {
    const index = await (unpackIntoStore as NonNullable<typeof unpackIntoStore>)(miss.job);
    for (const i of miss.slots) out[i] = fromIndex(options.storeDir, index, false);
  }
  // The same bytes may come under another file name than the one they were unpacked under (an
  // earlier install, or twice in this one): that name must agree with METADATA and .dist-info too.
  for (const [i, w] of wheels.entries()) {
    const got = out[i] as UnpackedWheel;
    const filename = path.basename(w.path);
    if (filename !== got.filename) checkWheelIdentity({ filename, distInfo: got.distInfo, name: got.name, version: got.version });
  }
  return out;
}
