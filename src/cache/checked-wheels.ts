// Wheels already checked in full, by sha256: a warm pack does not inflate every wheel again.
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { isErrno } from "../errors.js";

/**
 * Empty files named by a wheel's sha256 (hex). The version in the name is that of the checks:
 * bump it when verifyWheelFile checks more, and every wheel is checked again.
 */
export const CHECKED_BUCKET = "checked-v1";

/** The record of wheels that passed the full check. */
export interface CheckedWheels {
  has(sha256: string): boolean;
  /** Records a pass (idempotent; a concurrent writer is harmless). */
  add(sha256: string): void;
}

/** The checked-wheel record of the cache at `cacheDir` (`<cacheDir>/checked-v1/<sha256>`). */
export function checkedWheels(cacheDir: string): CheckedWheels {
  const dir = path.join(cacheDir, CHECKED_BUCKET);
  const file = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(dir, sha256);
  };
  return {
    has: (sha256) => existsSync(file(sha256)),
    add(sha256) {
      mkdirSync(dir, { recursive: true });
      try {
        closeSync(openSync(file(sha256), "wx"));
      } catch (err: unknown) {
        if (!isErrno(err, "EEXIST")) throw err;
      }
    },
  };
}
