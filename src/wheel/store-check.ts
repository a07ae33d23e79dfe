// Is a store entry still what was unpacked? Each file's inode, size and mtime as recorded, else its RECORD hash.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import { isErrno } from "../errors.js";
import { nodeHashName, splitRecordHash } from "./record.js";
import type { StoredFile } from "./store-index.js";

/** `ino:size:mtimeNs` of the file at `file` (lstat: a link put in its place does not pass). */
export function stampOf(file: string): string {
  const st = lstatSync(file, { bigint: true });
  return st.isFile() ? `${st.ino}:${st.size}:${st.mtimeNs}` : `not a file:${st.mode}`;
}

/** True when the file's bytes are still those RECORD gives (RECORD itself: its recorded size). */
function sameContent(file: string, stored: StoredFile): boolean {
  const body = readFileSync(file);
  if (body.length !== stored.size) return false;
  if (!stored.hash) return true;
  const want = splitRecordHash(stored.hash, stored.path);
  return createHash(nodeHashName(want.algo) as string).update(body).digest("base64url") === want.digest;
}

/**
 * The first file of an entry (files under `root`) that changed since it was unpacked, or
 * undefined when none did. A file whose stamp still matches is taken as unchanged (no read); one
 * whose stamp differs (a hard-linked venv file written to, touched, replaced) is hashed again and
 * counts as changed only when its bytes differ. A missing file, or a link or directory in its
 * place, is changed.
 */
export function changedFile(root: string, files: StoredFile[]): string | undefined {
  for (const f of files) {
    const file = `${root}/${f.path}`;
    try {
      if (f.stamp !== undefined && stampOf(file) === f.stamp) continue;
      if (!lstatSync(file).isFile() || !sameContent(file, f)) return f.path;
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR") || isErrno(err, "EACCES")) return f.path;
      throw err;
    }
  }
  return undefined;
}
