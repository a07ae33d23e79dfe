// The unpacked-wheel store: each wheel unzipped once, verified against RECORD, keyed by its sha256.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PyvendorError, isErrno } from "../errors.js";
import { createLimiter, forEachLimited, type Limiter } from "./limiter.js";
import { readWheelContents, type WheelContents } from "./wheel-contents.js";
import { entryStream, openZip, type OpenZip, type ZipEntryInfo } from "./zip-entries.js";
import { nodeHashName, splitRecordHash } from "./record.js";

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

/** A wheel unpacked in the store (or in a private scratch store). */
export interface UnpackedWheel extends WheelContents {
  /** Directory holding the wheel's files under their archive paths. */
  root: string;
  sha256: string;
  filename: string;
  files: StoredFile[];
  /** True when the store already had it (no unzip happened). */
  hit: boolean;
}

interface StoreIndex extends WheelContents {
  format: 1;
  filename: string;
  sha256: string;
  files: StoredFile[];
}

const SMALL = 1024 * 1024;

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function entryPath(dir: string, name: string): string {
  return path.join(dir, ...name.split("/"));
}

async function extractOne(open: OpenZip, info: ZipEntryInfo, file: StoredFile, dest: string, label: string): Promise<void> {
  const { algo, digest } = file.hash ? splitRecordHash(file.hash, `${label}: ${file.path}`) : { algo: "sha256", digest: "" };
  const hash = createHash(nodeHashName(algo) as string);
  const mode = file.exec ? 0o755 : 0o644;
  let size = 0;
  let head: Buffer | undefined;
  const stream = await entryStream(open, info);
  if (info.size <= SMALL) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    hash.update(body);
    size = body.length;
    head = body.subarray(0, 8);
    await writeFile(dest, body, { mode });
  } else {
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (!head) head = chunk.subarray(0, 8);
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(stream, tap, createWriteStream(dest, { mode }));
  }
  if (file.hash && (hash.digest().toString("base64url") !== digest || String(size) !== String(file.size))) {
    throw new PyvendorError("E_RECORD_MISMATCH", `${label}: ${file.path} does not match its RECORD hash or size`, {
      data: { wheel: label, file: file.path },
    });
  }
  if (file.path.split("/")[1] === "scripts" && head?.toString("latin1").startsWith("#!python")) file.pythonShebang = true;
}

export interface UnpackOptions {
  wheelPath: string;
  /** Expected sha256 (hex) of the wheel file: the store key. */
  sha256: string;
  /** The store directory (`<cache>/unpacked-v1`). */
  storeDir: string;
  /** Make stored files read-only (for a shared store whose files get hard-linked). */
  readOnly: boolean;
  /** Bounds concurrent entry extraction (shared across wheels). */
  limiter?: Limiter;
}

async function readIndex(dir: string): Promise<StoreIndex | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, "index.json"), "utf8")) as StoreIndex;
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return undefined;
    throw err;
  }
}

/**
 * Returns the unpacked wheel from the store, unzipping it on a miss: the wheel's sha256 is
 * checked (E_HASH_MISMATCH), every entry is checked against RECORD while it streams to disk
 * (E_RECORD_MISMATCH), into a temp dir renamed into place, so an entry is complete or absent.
 * Entries are never modified after the rename.
 */
export async function unpackWheel(options: UnpackOptions): Promise<UnpackedWheel> {
  const { wheelPath, sha256, storeDir } = options;
  const filename = path.basename(wheelPath);
  const finalDir = path.join(storeDir, sha256);
  const existing = await readIndex(finalDir);
  if (existing) return { ...existing, root: path.join(finalDir, "files"), hit: true };

  const actual = await fileSha256(wheelPath);
  if (actual !== sha256) {
    throw new PyvendorError("E_HASH_MISMATCH", `${filename}: sha256 is ${actual}, expected ${sha256}`, {
      data: { file: filename, expected: sha256, actual },
    });
  }
  const open = await openZip(wheelPath, filename);
  const tmp = path.join(storeDir, `.tmp-${sha256.slice(0, 16)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const contents = await readWheelContents(open, filename);
    const byName = new Map(open.entries.map((e) => [e.name, e]));
    const files: StoredFile[] = contents.files.map((f) => ({ ...f }));
    const root = path.join(tmp, "files");
    const dirs = new Set<string>([root]);
    for (const f of files) dirs.add(path.dirname(entryPath(root, f.path)));
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
    const limiter = options.limiter ?? createLimiter(16);
    await forEachLimited(files, limiter, (f) => extractOne(open, byName.get(f.path) as ZipEntryInfo, f, entryPath(root, f.path), filename));
    if (options.readOnly) {
      await forEachLimited(files, limiter, (f) => chmod(entryPath(root, f.path), f.exec ? 0o555 : 0o444));
    }
    const { files: _ignored, ...rest } = contents;
    const index: StoreIndex = { ...rest, format: 1, filename, sha256, files };
    await writeFile(path.join(tmp, "index.json"), JSON.stringify(index));
    try {
      await rename(tmp, finalDir);
    } catch (err: unknown) {
      if (!isErrno(err, "EEXIST") && !isErrno(err, "ENOTEMPTY")) throw err;
      await rm(tmp, { recursive: true, force: true });
      const theirs = await readIndex(finalDir);
      if (!theirs) throw err;
      return { ...theirs, root: path.join(finalDir, "files"), hit: true };
    }
    return { ...rest, filename, sha256, files, root: path.join(finalDir, "files"), hit: false };
  } catch (err: unknown) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    open.close();
  }
}
