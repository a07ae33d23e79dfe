// Where the cache lives: --cache-dir, else $PYVENDOR_CACHE_DIR, $XDG_CACHE_HOME/pyvendor, ~/.cache/pyvendor.
import { accessSync, constants, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CacheDirOptions {
  /** Explicit directory (the CLI's --cache-dir); wins over everything. */
  dir?: string;
  /** Environment to read (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /** The effective uid (process.getuid() by default); only root is treated specially. */
  uid?: number;
}

export const SYSTEM_CACHE_DIR = "/var/cache/pyvendor";

/** True when `dir` exists and is writable, or its nearest existing parent is (so it can be created). */
function writableOrCreatable(dir: string): boolean {
  let probe = dir;
  while (!existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
  try {
    accessSync(probe, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The cache directory, absolute: `dir`, else $PYVENDOR_CACHE_DIR, else $XDG_CACHE_HOME/pyvendor,
 * else ~/.cache/pyvendor. Root gets ~/.cache/pyvendor too (like pip and uv, and so that
 * `--mount=type=cache,target=/root/.cache` keeps working in container builds), except when its
 * home is "/" (containers and init scripts often run root with HOME=/), where
 * /var/cache/pyvendor is used if it is writable or creatable. Only that root case reads the disk.
 */
export function resolveCacheDir(options: CacheDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.dir) return path.resolve(options.dir);
  if (env.PYVENDOR_CACHE_DIR) return path.resolve(env.PYVENDOR_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, "pyvendor");
  const uid = options.uid ?? process.getuid?.();
  const home = env.HOME ?? os.homedir();
  if (uid === 0 && (!home || home === "/") && writableOrCreatable(SYSTEM_CACHE_DIR)) return SYSTEM_CACHE_DIR;
  return path.join(home || os.tmpdir(), ".cache", "pyvendor");
}
