// Writing a user's file atomically: a temp file in the same directory, then rename over the target.
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o644, less the umask). */
  mode?: number;
  /** The temp file's name in the target's directory (default `.<name>.<pid>.<random>.tmp`). */
  tempName?: (basename: string) => string;
}

/** Writes `data` to `file` so that readers see the old content or the new, never a part. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const base = path.basename(file);
  const name = options.tempName ? options.tempName(base) : `.${base}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const tmp = path.join(path.dirname(file), name);
  try {
    await writeFile(tmp, data, { mode: options.mode ?? 0o644, flag: "wx" });
    await rename(tmp, file);
  } catch (err: unknown) {
    await rm(tmp, { force: true });
    throw err;
  }
}
