// Atomic directory replacement: build in a staging dir beside the destination, then rename into place.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { trackScratch, uninterruptible } from "../interrupt.js";
import { pathExists } from "../path-exists.js";
import { checkCanCreate, userPathError } from "../user-paths.js";

const STAGING = ".pyvendor-staging-";
const OLD = ".pyvendor-old-";

export interface StageOptions {
  /** Replace an existing destination (a venv, or an empty directory). */
  force?: boolean;
  /** Marker file that proves an existing destination may be replaced (default pyvenv.cfg). */
  replaceableMarker?: string;
}

/** `.<basename>.pyvendor-staging-<pid>-<random>`: the pid lets a later run tell live from dead. */
export function stagingName(finalPath: string, kind: "staging" | "old" = "staging"): string {
  return `.${path.basename(finalPath)}${kind === "staging" ? STAGING : OLD}${process.pid}-${randomBytes(6).toString("hex")}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return !isErrno(err, "ESRCH");
  }
}

/**
 * Removes staging and set-aside directories for `finalPath` left by processes that no longer
 * run (killed installs). Returns the removed paths.
 */
export async function removeLeftovers(finalPath: string): Promise<string[]> {
  const parent = path.dirname(finalPath);
  const prefixes = [`.${path.basename(finalPath)}${STAGING}`, `.${path.basename(finalPath)}${OLD}`];
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (!prefix) continue;
    const pid = Number.parseInt(name.slice(prefix.length).split("-")[0] ?? "", 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
    removed.push(path.join(parent, name));
  }
  return removed;
}


async function checkReplaceable(finalPath: string, options: StageOptions): Promise<boolean> {
  if (!(await pathExists(finalPath))) return false;
  if (!options.force) {
    throw new PyvendorError("E_VENV_EXISTS", `${finalPath} already exists`, { data: { path: finalPath } });
  }
  const info = await stat(finalPath);
  const marker = options.replaceableMarker ?? "pyvenv.cfg";
  const replaceable = info.isDirectory() && ((await readdir(finalPath)).length === 0 || (await pathExists(path.join(finalPath, marker))));
  if (!replaceable) {
    throw new PyvendorError("E_VENV_EXISTS", `${finalPath} exists and is not a virtualenv; refusing to replace it`, {
      hint: "Remove it yourself or choose another path.",
      data: { path: finalPath },
    });
  }
  return true;
}

/**
 * Runs `build(stagingDir)` in a fresh directory beside `finalPath`, then renames it into place.
 * On any failure the staging dir is removed and the destination is untouched. With `force`, an
 * existing destination is renamed aside, the new one renamed in, the old one deleted (restored
 * if the second rename fails): the final path lacks a complete tree only between the renames.
 * Leftovers of killed runs are removed first. Throws E_VENV_EXISTS.
 */
export async function stageAndSwap<T>(finalPath: string, options: StageOptions, build: (stagingDir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(finalPath);
  const parent = path.dirname(target);
  // OS errors on the target's own path are the user's to fix (E_IO naming it); the build's are not.
  const onTarget = async <R>(step: () => Promise<R>): Promise<R> => {
    try {
      return await step();
    } catch (err: unknown) {
      throw userPathError(err, target, "create");
    }
  };
  await checkCanCreate(target, "create");
  await onTarget(() => mkdir(parent, { recursive: true }));
  await removeLeftovers(target);
  await checkReplaceable(target, options);
  const staging = path.join(parent, stagingName(target));
  const release = trackScratch(staging);
  await onTarget(() => mkdir(staging));
  let result: T;
  try {
    result = await build(staging);
    const replace = await checkReplaceable(target, options);
    // An interrupt waits for the renames: the destination is then the old tree or the new one, whole.
    const old = await uninterruptible(async () => {
      if (!replace) {
        await onTarget(() => rename(staging, target));
        release();
        return undefined;
      }
      const aside = path.join(parent, stagingName(target, "old"));
      await onTarget(() => rename(target, aside));
      try {
        await rename(staging, target);
      } catch (err: unknown) {
        await rename(aside, target);
        throw userPathError(err, target, "create");
      }
      release();
      return aside;
    });
    if (old) await rm(old, { recursive: true, force: true });
    return result;
  } catch (err: unknown) {
    release();
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
