// Finding and reading config files: [tool.pyvendor] in pyproject.toml, pyvendor.toml, the user's file.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import type * as SmolToml from "smol-toml";
import { PyvendorError } from "../../errors.js";
import { findSetting, type SettingDefinition } from "./definitions.js";

export type SettingValue = string | string[] | boolean | number;

/** One config file's settings, already checked against the definitions. */
export interface ConfigFile {
  /** Where it is; `describe` is how `pyvendor config` names it (e.g. "pyproject.toml [tool.pyvendor]"). */
  path: string;
  describe: string;
  values: Map<string, SettingValue>;
}

function typeError(file: string, key: string, def: SettingDefinition, value: unknown): PyvendorError {
  const want = def.type === "string[]" ? "a list of strings" : def.type === "integer" ? "an integer" : `a ${def.type}`;
  return new PyvendorError("E_CONFIG", `${file}: ${key} must be ${want}${def.choices ? ` (one of ${def.choices.join(", ")})` : ""}, not ${JSON.stringify(value)}`, {
    data: { file, key },
  });
}

/** Checks one value against its definition; relative paths are taken from `baseDir`. */
function coerce(file: string, key: string, def: SettingDefinition, raw: unknown, baseDir: string): SettingValue {
  const rel = (v: string) => (def.paths && !/^[a-z][a-z0-9+.-]*:/i.test(v) && !path.isAbsolute(v) ? path.resolve(baseDir, v) : v);
  switch (def.type) {
    case "string":
      if (typeof raw !== "string" || (def.choices && !def.choices.includes(raw))) throw typeError(file, key, def, raw);
      return rel(raw);
    case "string[]":
      if (typeof raw === "string") return [rel(raw)];
      if (!Array.isArray(raw) || !raw.every((v) => typeof v === "string")) throw typeError(file, key, def, raw);
      return (raw as string[]).map(rel);
    case "boolean":
      if (typeof raw !== "boolean") throw typeError(file, key, def, raw);
      return raw;
    case "integer":
      if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0) throw typeError(file, key, def, raw);
      return raw;
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0) throw typeError(file, key, def, raw);
      return raw;
  }
}

/** Flattens `{ s3: { bucket } }` to "s3.bucket" and checks every key and type. */
function readTable(file: string, table: Record<string, unknown>, baseDir: string, prefix = ""): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  for (const [name, raw] of Object.entries(table)) {
    const key = prefix + name;
    const def = findSetting(key);
    if (!def && raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      for (const [k, v] of readTable(file, raw as Record<string, unknown>, baseDir, `${key}.`)) out.set(k, v);
      continue;
    }
    if (!def) {
      throw new PyvendorError("E_CONFIG", `${file}: unknown setting "${key}"`, {
        hint: "Run `pyvendor config` to list the settings and their keys.",
        data: { file, key },
      });
    }
    out.set(key, coerce(file, key, def, raw, baseDir));
  }
  return out;
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
