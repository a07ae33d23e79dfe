// Atomic small-file writes for the releases root, with temp names the root's clean-up recognizes.
import { writeFileAtomic } from "../atomic-file.js";
import { tempName } from "./layout.js";

/** Writes `text` to `file` so readers see the old content or the new, never a part. */
export function writeRootFile(file: string, text: string): Promise<void> {
  return writeFileAtomic(file, text, { tempName });
}
