// Wheel filenames and project names: the minimum of PEP 427/425/503 the installer needs.
// TODO(standards): replace with src/standards/wheel-filename.ts and src/standards/names.ts when merged.
import { PyvendorError } from "../errors.js";

/** PEP 503 normalized project name: runs of `-_.` become `-`, lower case. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** The form of a name used in `.dist-info` / `.data` directory names (`-` → `_`). */
export function escapeName(name: string): string {
  return name.replace(/[-_.]+/g, "_");
}

export interface WheelFilename {
  /** Name as written in the filename (escaped, e.g. "hello_cli"). */
  name: string;
  version: string;
  build?: string;
  /** Every expanded `python-abi-platform` triple, in filename order. */
  tags: string[];
}

/**
 * Parses `name-version(-build)?-python-abi-platform.whl`, expanding compressed tag sets
 * (`py2.py3-none-any` → two tags). Throws E_INVALID_FILENAME.
 */
export function parseWheelFilename(filename: string): WheelFilename {
  const base = filename.split("/").pop() ?? filename;
  if (!base.endsWith(".whl")) {
    throw new PyvendorError("E_INVALID_FILENAME", `Not a wheel filename: ${base}`);
  }
  const parts = base.slice(0, -4).split("-");
  if (parts.length !== 5 && parts.length !== 6) {
    throw new PyvendorError("E_INVALID_FILENAME", `Wheel filename has ${parts.length} dash-separated parts: ${base}`);
  }
  const [name, version] = parts as [string, string];
  const build = parts.length === 6 ? parts[2] : undefined;
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  if (!name || !version || !py || !abi || !plat || (build !== undefined && !/^\d/.test(build))) {
    throw new PyvendorError("E_INVALID_FILENAME", `Invalid wheel filename: ${base}`);
  }
  const tags: string[] = [];
  for (const p of py.split(".")) for (const a of abi.split(".")) for (const pl of plat.split(".")) tags.push(`${p}-${a}-${pl}`);
  return { name, version, ...(build !== undefined ? { build } : {}), tags };
}
