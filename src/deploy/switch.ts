// The `current` symlink: read which release is live, and switch it atomically.
import { readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { currentTarget, releaseFromTarget, tempName, type RootPaths } from "./layout.js";

/**
 * The release `ROOT/current` points at; undefined when there is no `current` yet. Throws
 * E_NOT_A_RELEASES_ROOT when `current` exists but is not a symlink into `ROOT/releases/`
 * (pyvendor never replaces something it did not make).
 */
export function readCurrent(paths: RootPaths): string | undefined {
  let target: string;
  try {
    target = readlinkSync(paths.current);
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EINVAL") {
      throw new PyvendorError("E_NOT_A_RELEASES_ROOT", `${paths.current} exists and is not a symlink`, {
        hint: "Move it away (pyvendor manages ROOT/current as a symlink to ROOT/releases/<release>), or choose another root.",
        data: { path: paths.current },
      });
    }
    throw err;
  }
  const release = path.isAbsolute(target)
    ? path.dirname(target) === paths.releases
      ? path.basename(target)
      : undefined
    : releaseFromTarget(target);
  if (release === undefined) {
    throw new PyvendorError("E_NOT_A_RELEASES_ROOT", `${paths.current} points at ${target}, not at a release in ${paths.releases}`, {
      hint: "Point it at a release yourself, or remove it, or choose another root.",
      data: { path: paths.current, target },
    });
  }
  return release;
}

/**
 * Points `ROOT/current` at `releases/<release>` (a relative target) atomically: the new link is
 * made under a temp name and renamed over the old one, so `current` is always the old release or
 * the new one, never missing, also after a power cut (the rename is journaled; the root is not
 * fsynced, so a switch made just before a power cut may be undone, never half done).
 */
export function switchCurrent(paths: RootPaths, release: string): void {
  const tmp = path.join(paths.root, tempName("current"));
  symlinkSync(currentTarget(release), tmp);
  try {
    renameSync(tmp, paths.current);
  } catch (err: unknown) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
