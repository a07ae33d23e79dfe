// Where pyvendor's package is installed: the directory of its package.json (for schemas/, dist/).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The package root, found by walking up from this module to the package.json named "pyvendor".
 * Works from dist/src/ and from the bundled CLI in dist/cli/ alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "pyvendor") {
      cached = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error("pyvendor's package.json was not found above its modules");
  }
}
