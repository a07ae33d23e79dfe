// The unpacked-wheel store's entry index (`<store>/<sha256>/index.json`): its format, reading it, retiring an entry.
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { isErrno } from "../errors.js";
import type { WheelContents } from "./wheel-contents.js";

/** The store index format: 2 records each file's stamp; entries of other formats are unpacked again. */
export const STORE_FORMAT = 2;

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
  /** `ino:size:mtimeNs` right after unpacking (stampOf): a later mismatch means look again. */
  stamp?: string;
}

/** `<store>/<sha256>/index.json`: what the installer needs without opening the wheel again. */
export interface StoreIndex extends WheelContents {
  format: typeof STORE_FORMAT;
  filename: string;
  sha256: string;
  files: StoredFile[];
}

function readIndexSync(dir: string): StoreIndex | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")) as StoreIndex;
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return undefined;
    throw err;
  }
}

/** The index of `<storeDir>/<sha256>` when that entry is complete, else undefined (it may be of an older format). */
export function readStoreIndex(storeDir: string, sha256: string): StoreIndex | undefined {
  return readIndexSync(path.join(storeDir, sha256));
}

/**
 * Moves the entry `<storeDir>/<sha256>` out of the way and removes it: it is of an older format
 * or was changed after unpacking, and is unpacked again. Another process retiring it first is fine.
 */
export function retireEntry(storeDir: string, sha256: string): void {
  const away = path.join(storeDir, `.retired-${sha256.slice(0, 16)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    renameSync(path.join(storeDir, sha256), away);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return;
    throw err;
  }
  rmSync(away, { recursive: true, force: true });
}
