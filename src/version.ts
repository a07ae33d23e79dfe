// pyvendor's own version, read once from package.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "./package-root.js";

let cached: string | undefined;

/** The version in package.json (e.g. "0.1.0"). */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  return cached;
}
