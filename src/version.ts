// pyvendor's own version, read once from package.json.
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The version in package.json (e.g. "0.1.0"). */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return cached;
}
