// Durability across power loss: a release is on disk before `current` can name it.
import { spawn } from "node:child_process";

/**
 * Flushes the file system holding `dir` (`sync -f`, i.e. syncfs(2)): one call instead of an
 * fsync per file of the release. Best effort: where `sync -f` is missing, the kernel still
 * writes the files back within seconds, and only a power cut in that window could lose them.
 */
export function flushFileSystem(dir: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn("sync", ["-f", dir], { stdio: "ignore" });
    child.on("error", () => resolve());
    child.on("exit", () => resolve());
  });
}
