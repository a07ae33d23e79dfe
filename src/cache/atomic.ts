// Atomic file primitives for the cache: unique temp names, no-clobber commit, JSON replace.
import { randomBytes } from "node:crypto";
import { link, mkdir, rename, rm, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { isErrno } from "../errors.js";
import { pathExists } from "../path-exists.js";

/** The cache's directory of temp files and directories; on the cache's file system so that renames are atomic. */
export const TMP_DIR = "tmp";

/** A fresh, unique path inside `tmpDir` (same file system as the cache) ending in `.tmp`. */
export function tempPath(tmpDir: string, name = "entry"): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  return path.join(tmpDir, `${process.pid}-${randomBytes(6).toString("hex")}-${safe}.tmp`);
}

/**
 * Moves finished temp file `tmp` to `final` without ever replacing an existing `final`:
 * hard-link then unlink, so the entry appears complete or not at all. Returns false when another
 * writer got there first (EEXIST), true when this call created it. `tmp` is gone afterwards.
 * On file systems without hard links it falls back to rename after an existence check.
 */
export async function commitNoClobber(tmp: string, final: string): Promise<boolean> {
  await mkdir(path.dirname(final), { recursive: true });
  try {
    await link(tmp, final);
    return true;
  } catch (err: unknown) {
    if (isErrno(err, "EEXIST")) return false;
    if (!isErrno(err, "EPERM") && !isErrno(err, "ENOTSUP") && !isErrno(err, "EXDEV") && !isErrno(err, "EMLINK")) throw err;
    if (await pathExists(final)) return false;
    await rename(tmp, final);
    return true;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Writes `value` as JSON to `file` atomically (temp in `tmpDir`, then rename over `file`). */
export async function replaceJson(tmpDir: string, file: string, value: unknown): Promise<void> {
  await mkdir(tmpDir, { recursive: true });
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tempPath(tmpDir, path.basename(file));
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`, { flag: "wx" });
    await rename(tmp, file);
  } catch (err: unknown) {
    await rm(tmp, { force: true });
    throw err;
  }
}


const TOUCH_AFTER_MS = 60 * 60 * 1000;

/**
 * Records a use of `file` for pruning by setting its mtime to now, at most once an hour
 * (so a hit costs no write most of the time). `mtimeMs`: the mtime the caller already has.
 */
export async function touchIfStale(file: string, mtimeMs: number, now = Date.now()): Promise<void> {
  if (now - mtimeMs < TOUCH_AFTER_MS) return;
  const t = new Date(now);
  await utimes(file, t, t).catch(() => undefined);
}
