// What hashing a bundle directory's files in full found, by each file's stat (as git's index does):
// a file whose stat is unchanged since is not hashed again.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { BigIntStats } from "node:fs";
import path from "node:path";
import { isErrno } from "../errors.js";
import { replaceJson, TMP_DIR } from "./atomic.js";

/** One JSON file per bundle directory, named by the sha256 of its real path. */
export const VERIFIED_BUCKET = "verified-v1";

/**
 * A file changed within this long before it was stated may change again within the same
 * timestamp tick without its stat showing it (git's "racily clean"): such files are not recorded.
 */
const RACY_NS = 2_000_000_000n;

/** What a file's lstat says that any write, rename or replacement changes (ctime cannot be set by a user). */
export function fileStamp(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

export interface VerifiedFiles {
  /** True when `rel` was hashed to `sha256` when its stat was `st`, and its stat is still that. */
  unchanged(rel: string, st: BigIntStats, sha256: string): boolean;
  /**
   * Records that `rel`, stated as `st` at `statedAtMs` (Date.now() just before the lstat, before it
   * was read), hashed to `sha256`; unless it had changed less than 2 s before it was stated.
   */
  note(rel: string, st: BigIntStats, sha256: string, statedAtMs: number): void;
  /** Writes the record when anything was noted (atomically; the last writer wins). */
  save(): Promise<void>;
}

interface RecordFile {
  format: 1;
  bundle: string;
  files: Record<string, { stamp: string; sha256: string }>;
}

/**
 * The record for the bundle directory `bundleDir` (its real path) in the cache at `cacheDir`.
 * A missing or unreadable record is an empty one: every file is hashed, as the first time.
 * `racyMs` (tests): how long before its stat a file must have last changed to be recorded (2 s).
 */
export function openVerifiedFiles(cacheDir: string, bundleDir: string, options: { racyMs?: number } = {}): VerifiedFiles {
  const racyNs = options.racyMs === undefined ? RACY_NS : BigInt(options.racyMs) * 1_000_000n;
  const file = path.join(cacheDir, VERIFIED_BUCKET, `${createHash("sha256").update(bundleDir).digest("hex")}.json`);
  let record: RecordFile = { format: 1, bundle: bundleDir, files: {} };
  try {
    const read = JSON.parse(readFileSync(file, "utf8")) as Partial<RecordFile>;
    if (read.format === 1 && read.bundle === bundleDir && read.files && typeof read.files === "object") record = read as RecordFile;
  } catch (err: unknown) {
    if (!isErrno(err, "ENOENT") && !(err instanceof SyntaxError)) throw err;
  }
  let changed = false;
  return {
    unchanged(rel, st, sha256) {
      const known = Object.hasOwn(record.files, rel) ? record.files[rel] : undefined;
      return known !== undefined && known.sha256 === sha256 && known.stamp === fileStamp(st);
    },
    note(rel, st, sha256, statedAtMs) {
      const stated = BigInt(Math.floor(statedAtMs)) * 1_000_000n;
      if (stated - st.ctimeNs < racyNs || stated - st.mtimeNs < racyNs) return;
      const stamp = fileStamp(st);
      const known = Object.hasOwn(record.files, rel) ? record.files[rel] : undefined;
      if (known?.stamp === stamp && known.sha256 === sha256) return;
      record.files[rel] = { stamp, sha256 };
      changed = true;
    },
    async save() {
      if (!changed) return;
      await replaceJson(path.join(cacheDir, TMP_DIR), file, record);
      changed = false;
    },
  };
}
