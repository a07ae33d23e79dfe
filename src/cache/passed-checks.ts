// Checks already passed, by the sha256 of what was checked: a warm pack does not inflate every
// wheel again, a warm install does not check the same set of installed distributions again.
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { isErrno } from "../errors.js";

/**
 * Empty files named by a wheel's sha256 (hex). The version in the name is that of the checks:
 * bump it when verifyWheelFile checks more, and every wheel is checked again.
 */
export const CHECKED_BUCKET = "checked-v1";

/**
 * Install sets (wheels, target, requested extras) whose installed distributions met each other's
 * requirements (checkInstalled). Named by a hash that includes pyvendor's version.
 */
export const INSTALLS_CHECKED_BUCKET = "checked-installs-v1";

/** Bundle manifests that passed validation, named by a hash of pyvendor's version and the manifest's bytes. */
export const MANIFESTS_CHECKED_BUCKET = "checked-manifests-v1";

type CheckedBucket = typeof CHECKED_BUCKET | typeof INSTALLS_CHECKED_BUCKET | typeof MANIFESTS_CHECKED_BUCKET;

/** A record of passed checks, by the sha256 of what was checked. */
export interface PassedChecks {
  has(sha256: string): boolean;
  /** Records a pass (idempotent; a concurrent writer is harmless). */
  add(sha256: string): void;
}

/** The record of passed checks in `bucket` of the cache at `cacheDir` (`<cacheDir>/<bucket>/<sha256>`). */
export function passedChecks(cacheDir: string, bucket: CheckedBucket = CHECKED_BUCKET): PassedChecks {
  const dir = path.join(cacheDir, bucket);
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
