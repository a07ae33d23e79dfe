// Atomic small-file writes for the releases root: temp file in the same directory, then rename over.
import { rm, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import { tempName } from "./layout.js";

/** Writes `text` to `file` so readers see the old content or the new, never a part. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), tempName(path.basename(file)));
  try {
    await writeFile(tmp, text, { flag: "wx" });
    await rename(tmp, file);
  } catch (err: unknown) {
    await rm(tmp, { force: true });
    throw err;
  }
}
