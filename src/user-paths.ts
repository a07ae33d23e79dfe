// Paths the user names (outputs, venvs, release roots): checked before any work, and their OS errors reported as E_IO naming the path.
import { access, constants, lstat, stat } from "node:fs/promises";
import path from "node:path";
import { isPyvendorError, PyvendorError } from "./errors.js";

/** What each OS error means for a path the user gave, and what to do about it. */
const REASONS: Record<string, { why: string; hint: string }> = {
  ENOENT: { why: "a directory on its path does not exist", hint: "Create the parent directory first, or choose another path." },
  ENOTDIR: { why: "a part of its path is a file, not a directory", hint: "Choose a path whose parents are directories." },
  EISDIR: { why: "it is a directory", hint: "Choose a file path." },
  EACCES: { why: "permission denied", hint: "Choose a path you can write to, or fix its permissions." },
  EPERM: { why: "the operation is not permitted there", hint: "Choose a path on an ordinary, writable file system." },
  EROFS: { why: "the file system is read-only", hint: "Choose a path on a writable file system." },
  ENOSPC: { why: "the disk is full", hint: "Free some space, or choose a path on another file system." },
  EDQUOT: { why: "the disk quota is exhausted", hint: "Free some space, or choose a path on another file system." },
  ENAMETOOLONG: { why: "the name is too long", hint: "Choose a shorter path." },
  ELOOP: { why: "its path has too many symbolic links (a loop?)", hint: "Check the symbolic links on the path." },
  EEXIST: { why: "something is already there", hint: "Remove it, or choose another path." },
  EXDEV: { why: "it is on another file system than its staging directory", hint: "Choose a path on one file system." },
};

/**
 * `err` as the user's problem when it is an OS error about `file` (a path the user named, or one
 * made beside it): E_IO "cannot <action> <file>: <why>" with a hint, the OS error as its cause.
 * Anything else (a PyvendorError, a bug) comes back unchanged.
 */
export function userPathError(err: unknown, file: string, action: string): unknown {
  if (isPyvendorError(err) || !(err instanceof Error)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code ? REASONS[code] : undefined;
  if (!reason) return err;
  return new PyvendorError("E_IO", `cannot ${action} ${file}: ${reason.why} (${code})`, { cause: err, hint: reason.hint, data: { path: file, errno: code } });
}

/**
 * Checks, without creating anything, that `target` (a file or directory to be made, possibly with
 * missing parents, or one already there) can be written: its nearest existing ancestor is a
 * directory this process may write into. Throws E_IO naming `target` and the blocking path.
 */
export async function checkCanCreate(target: string, action: string): Promise<void> {
  const full = path.resolve(target);
  let dir = path.dirname(full);
  for (;;) {
    let info;
    try {
      info = await stat(dir);
    } catch (err: unknown) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
        continue;
      }
      if (code === "ENOTDIR") throw notADirectory(full, await firstFile(dir), action);
      throw userPathError(err, full, action);
    }
    if (!info.isDirectory()) throw notADirectory(full, dir, action);
    try {
      await access(dir, constants.W_OK | constants.X_OK);
    } catch (err: unknown) {
      throw userPathError(err, full, action);
    }
    return;
  }
}

function notADirectory(target: string, blocking: string, action: string): PyvendorError {
  return new PyvendorError("E_IO", `cannot ${action} ${target}: ${blocking} is a file, not a directory`, {
    hint: REASONS.ENOTDIR?.hint,
    data: { path: target, blocking, errno: "ENOTDIR" },
  });
}

/** The first ancestor of `dir` (from the root down) that exists and is not a directory. */
async function firstFile(dir: string): Promise<string> {
  const parts: string[] = [];
  for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) parts.unshift(d);
  for (const p of parts) {
    try {
      if (!(await lstat(p)).isDirectory() && !(await stat(p)).isDirectory()) return p;
    } catch {
      return p;
    }
  }
  return dir;
}
