// Finding and reading config files: [tool.pyvendor] in pyproject.toml, pyvendor.toml, the user's file.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import type * as SmolToml from "smol-toml";
import { PyvendorError } from "../../errors.js";
import { findSetting, SETTINGS, type SettingDefinition } from "./definitions.js";

export type SettingValue = string | string[] | boolean | number;

/** One config file's settings, already checked against the definitions. */
export interface ConfigFile {
  /** Where it is; `describe` is how `pyvendor config` names it (e.g. "pyproject.toml [tool.pyvendor]"). */
  path: string;
  describe: string;
  values: Map<string, SettingValue>;
}

function typeProblem(key: string, def: SettingDefinition, value: unknown): string {
  const want = def.type === "string[]" ? "a list of strings" : def.type === "integer" ? "an integer" : `a ${def.type}`;
  return `${key} must be ${want}${def.choices ? ` (one of ${def.choices.join(", ")})` : ""}, not ${JSON.stringify(value)}`;
}

/** Checks one value against its definition (a problem text, or the value); relative paths are taken from `baseDir`. */
function coerce(key: string, def: SettingDefinition, raw: unknown, baseDir: string): SettingValue | { problem: string } {
  const rel = (v: string) => (def.paths && !/^[a-z][a-z0-9+.-]*:/i.test(v) && !path.isAbsolute(v) ? path.resolve(baseDir, v) : v);
  const bad = { problem: typeProblem(key, def, raw) };
  switch (def.type) {
    case "string":
      if (typeof raw !== "string" || (def.choices && !def.choices.includes(raw))) return bad;
      return rel(raw);
    case "string[]":
      if (typeof raw === "string") return [rel(raw)];
      if (!Array.isArray(raw) || !raw.every((v) => typeof v === "string")) return bad;
      return (raw as string[]).map(rel);
    case "boolean":
      return typeof raw === "boolean" ? raw : bad;
    case "integer":
      return typeof raw === "number" && Number.isInteger(raw) && raw >= 0 ? raw : bad;
    case "number":
      return typeof raw === "number" && Number.isFinite(raw) && raw >= 0 ? raw : bad;
  }
}

/** The setting an unknown key most likely meant: `_` for `-`, a table prefix too many, or a near spelling. */
function meant(key: string): string | undefined {
  const dashed = key.replace(/_/g, "-");
  if (findSetting(dashed)) return dashed;
  const last = dashed.split(".").slice(1).join(".");
  if (last && findSetting(last)) return last;
  let best: { key: string; distance: number } | undefined;
  for (const def of SETTINGS) {
    const d = editDistance(dashed, def.key);
    if (d <= Math.max(1, Math.floor(def.key.length / 4)) && (!best || d < best.distance)) best = { key: def.key, distance: d };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}

/** Flattens `{ s3: { bucket } }` to "s3.bucket" and checks every key and type, collecting every problem. */
function readEntries(table: Record<string, unknown>, baseDir: string, prefix: string, out: Map<string, SettingValue>, problems: string[]): void {
  for (const [name, raw] of Object.entries(table)) {
    const key = prefix + name;
    const def = findSetting(key);
    if (!def && raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      readEntries(raw as Record<string, unknown>, baseDir, `${key}.`, out, problems);
      continue;
    }
    if (!def) {
      const guess = meant(key);
      problems.push(`unknown setting "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}`);
      continue;
    }
    const value = coerce(key, def, raw, baseDir);
    if (typeof value === "object" && !Array.isArray(value)) problems.push(value.problem);
    else out.set(key, value);
  }
}

/**
 * The settings of one file's table. Throws one E_CONFIG naming the file and every unknown key (with
 * the setting it most likely meant) and every value of the wrong type.
 */
function readTable(file: string, table: Record<string, unknown>, baseDir: string): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  const problems: string[] = [];
  readEntries(table, baseDir, "", out, problems);
  if (problems.length === 0) return out;
  throw new PyvendorError("E_CONFIG", `${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join("; ")}`}`, {
    hint: "Fix or remove them. `PYVENDOR_NO_CONFIG=1 pyvendor config` lists every setting (keys are flat, as index-url or s3.bucket) without reading config files.",
    data: { file, problems },
  });
}

/** The TOML parser, loaded only when a config file exists (commands that need none start faster). */
function parseToml(text: string): unknown {
  return (createRequire(import.meta.url)("smol-toml") as typeof SmolToml).parse(text);
}

function parseFile(file: string): Record<string, unknown> {
  try {
    return parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err: unknown) {
    throw new PyvendorError("E_CONFIG", `${file} is not valid TOML`, { cause: err, data: { file } });
  }
}

/** pyvendor.toml (its top level) or pyproject.toml's [tool.pyvendor] in `dir`, if either exists. */
function projectFileIn(dir: string): ConfigFile | undefined {
  const own = path.join(dir, "pyvendor.toml");
  if (existsSync(own)) return { path: own, describe: own, values: readTable(own, parseFile(own), dir) };
  const pyproject = path.join(dir, "pyproject.toml");
  if (!existsSync(pyproject)) return undefined;
  const tool = (parseFile(pyproject).tool as Record<string, unknown> | undefined)?.pyvendor;
  if (tool === undefined) return undefined;
  if (tool === null || typeof tool !== "object" || Array.isArray(tool)) {
    throw new PyvendorError("E_CONFIG", `${pyproject}: [tool.pyvendor] must be a table`, { data: { file: pyproject } });
  }
  const describe = `${pyproject} [tool.pyvendor]`;
  return { path: pyproject, describe, values: readTable(describe, tool as Record<string, unknown>, dir) };
}

/**
 * The config files in effect, highest precedence first: the project's (nearest directory from
 * `cwd` upwards holding pyvendor.toml or a pyproject.toml with [tool.pyvendor]), then the user's
 * (PYVENDOR_CONFIG_FILE, else $XDG_CONFIG_HOME/pyvendor/pyvendor.toml). PYVENDOR_NO_CONFIG=1
 * turns file lookup off. Throws E_CONFIG naming the file and key for unknown keys or wrong types.
 */
export function loadConfigFiles(options: { cwd: string; env: NodeJS.ProcessEnv }): ConfigFile[] {
  const env = options.env;
  if (env.PYVENDOR_NO_CONFIG && env.PYVENDOR_NO_CONFIG !== "0") return [];
  const files: ConfigFile[] = [];
  for (let dir = path.resolve(options.cwd); ; dir = path.dirname(dir)) {
    const found = projectFileIn(dir);
    if (found) {
      files.push(found);
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  const explicit = env.PYVENDOR_CONFIG_FILE;
  if (explicit) {
    if (!existsSync(explicit)) throw new PyvendorError("E_CONFIG", `PYVENDOR_CONFIG_FILE names ${explicit}, which does not exist`);
    files.push({ path: explicit, describe: explicit, values: readTable(explicit, parseFile(explicit), path.dirname(path.resolve(explicit))) });
  } else {
    const home = env.HOME ?? os.homedir();
    const user = path.join(env.XDG_CONFIG_HOME || path.join(home, ".config"), "pyvendor", "pyvendor.toml");
    if (existsSync(user)) files.push({ path: user, describe: user, values: readTable(user, parseFile(user), path.dirname(user)) });
  }
  return files;
}
