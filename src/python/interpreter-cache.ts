// Remembers interpreter descriptions on disk, so that a second command skips starting Python.
import { createHash } from "node:crypto";
import { mkdir, readFile, realpath, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../atomic-file.js";
import { INSPECT_SCRIPT } from "./inspect-script.js";
import { inspectPython, type PythonInfo } from "./interpreter.js";

/** Bucket of the cache directory that holds descriptions (one JSON file each). */
export const PYTHONS_BUCKET = "pythons-v1";

/**
 * What makes a description stale: the path asked for (sys.executable echoes it), the real
 * binary's identity and mtime, the kernel release (a marker value), and the script's own text.
 */
async function cacheKey(executable: string): Promise<string> {
  const real = await realpath(executable);
  const st = await stat(real);
  return createHash("sha256")
    .update(JSON.stringify([executable, real, st.ino, st.size, st.mtimeMs, os.release(), INSPECT_SCRIPT]))
    .digest("hex");
}

/**
 * inspectPython with a disk cache under `cacheDir`. Any failure to read or write the cache
 * falls back to running the interpreter; a cached answer is only used for the same binary.
 */
export async function inspectPythonCached(
  executable: string,
  options: { cacheDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PythonInfo> {
  const inspect = () => inspectPython(executable, options.env ? { env: options.env } : {});
  if (!options.cacheDir) return inspect();
  let file: string;
  try {
    file = path.join(options.cacheDir, PYTHONS_BUCKET, `${await cacheKey(executable)}.json`);
  } catch {
    return inspect();
  }
  try {
    return JSON.parse(await readFile(file, "utf8")) as PythonInfo;
  } catch {
    // absent or unreadable: ask the interpreter
  }
  const info = await inspect();
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(info));
  } catch {
    // a read-only cache is not an error
  }
  return info;
}
