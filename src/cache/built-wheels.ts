// The built-wheel bucket (wheels-v1): a build key computed by the build layer → a wheel under its real filename.
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { isErrno } from "../errors.js";
import { tempPath, touchIfStale } from "./atomic.js";
import { hashFile } from "./content-store.js";

export const WHEELS_BUCKET = "wheels-v1";

export interface BuiltWheel {
  path: string;
  sha256: string;
  size: number;
  /** What the build layer stored with the wheel (provenance: build requirements, libraries). */
  info?: Record<string, unknown>;
}

/**
 * What a built wheel is reusable for, spelled out: the remote level names its objects after these
 * parts (`wheels-v1/<sdist sha256>/<target>-glibc<x.y>-<settings>/…`) so they can be inspected.
 * `hash` is the build layer's key string (its buildKey over the same parts); it alone identifies
 * the entry.
 */
export interface BuiltWheelKeyParts {
  hash: string;
  sdistSha256: string;
  /** "pure" for a wheel every target can use, else the target id (interpreter-abi-platform). */
  target: string;
  /** The target's glibc version ("2.36"), or undefined/null when none. */
  glibc?: string | null;
  /** The build settings' hash (frontend, config settings, isolation …). */
  settingsKey: string;
}

/** A build key string, or the same key with its parts (optional; only the remote level uses them). */
export type BuiltWheelKey = string | BuiltWheelKeyParts;

/** The key string of `key`. */
export function builtWheelKeyHash(key: BuiltWheelKey): string {
  return typeof key === "string" ? key : key.hash;
}

export interface BuiltWheelStore {
  /** The wheel stored for `key`, or undefined. Marks the entry as used (for pruning). */
  get(key: BuiltWheelKey): Promise<BuiltWheel | undefined>;
  /**
   * Stores a copy of `wheelPath` for `key` under the wheel's own filename. If another process
   * stored one first, that entry wins and is returned (entries are never replaced).
   */
  put(key: BuiltWheelKey, wheelPath: string, info?: Record<string, unknown>): Promise<BuiltWheel>;
}

/** entry.json of a built-wheel entry (the remote level stores the same, plus the key's parts). */
export interface EntryFile {
  format: 1;
  key: string;
  filename: string;
  sha256: string;
  size: number;
  info?: Record<string, unknown>;
}

/** Opens the built-wheel bucket under `root`; temp directories go to `tmpDir`. */
export function createBuiltWheelStore(root: string, tmpDir: string): BuiltWheelStore {
  const entryDir = (key: string) => {
    const h = createHash("sha256").update(key).digest("hex");
    return path.join(root, WHEELS_BUCKET, h.slice(0, 2), h);
  };

  async function get(wanted: BuiltWheelKey): Promise<BuiltWheel | undefined> {
    const key = builtWheelKeyHash(wanted);
    const dir = entryDir(key);
    const metaFile = path.join(dir, "entry.json");
    let entry: EntryFile;
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(metaFile)).mtimeMs;
      entry = JSON.parse(await readFile(metaFile, "utf8")) as EntryFile;
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT") || err instanceof SyntaxError) return undefined;
      throw err;
    }
    if (entry.format !== 1 || entry.key !== key || path.basename(entry.filename) !== entry.filename) return undefined;
    const wheel = path.join(dir, entry.filename);
    try {
      if ((await stat(wheel)).size !== entry.size) return undefined;
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT")) return undefined;
      throw err;
    }
    await touchIfStale(metaFile, mtimeMs);
    return { path: wheel, sha256: entry.sha256, size: entry.size, ...(entry.info ? { info: entry.info } : {}) };
  }

  async function put(wanted: BuiltWheelKey, wheelPath: string, info?: Record<string, unknown>): Promise<BuiltWheel> {
    const key = builtWheelKeyHash(wanted);
    const filename = path.basename(wheelPath);
    const staging = tempPath(tmpDir, "wheel");
    await mkdir(staging, { recursive: true });
    try {
      await copyFile(wheelPath, path.join(staging, filename));
      const sha256 = await hashFile(path.join(staging, filename));
      const size = (await stat(path.join(staging, filename))).size;
      const entry: EntryFile = { format: 1, key, filename, sha256, size, ...(info ? { info } : {}) };
      await writeFile(path.join(staging, "entry.json"), `${JSON.stringify(entry, null, 1)}\n`);
      const final = entryDir(key);
      await mkdir(path.dirname(final), { recursive: true });
      try {
        await rename(staging, final); // a directory rename: the whole entry appears at once
      } catch (err: unknown) {
        if (!isErrno(err, "ENOTEMPTY") && !isErrno(err, "EEXIST")) throw err;
        const existing = await get(key);
        if (existing) return existing;
        throw err;
      }
      return { path: path.join(final, filename), sha256, size, ...(info ? { info } : {}) };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  return { get, put };
}
