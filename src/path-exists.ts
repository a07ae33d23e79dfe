// Whether a path exists (a dangling symlink does), for the few places that must ask before acting.
import { lstat } from "node:fs/promises";
import { isErrno } from "./errors.js";

/** True when `p` names anything, a dangling symlink included; false for ENOENT and ENOTDIR; other errors are thrown. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return false;
    throw err;
  }
}
