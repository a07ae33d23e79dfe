// One precedence for every setting: flags > environment > project config > user config > defaults.
import { PyvendorError } from "../../errors.js";
import { SETTINGS, findSetting, type SettingDefinition } from "./definitions.js";
import { loadConfigFiles, type ConfigFile, type SettingValue } from "./load.js";

export interface ResolvedSetting {
  key: string;
  value: SettingValue | undefined;
  /** "flag", "env NAME", a config file's description, or "default". */
  source: string;
}

export interface Config {
  files: ConfigFile[];
  /** The effective value of `key` (undefined: the default applies). */
  get<T extends SettingValue>(key: string): T | undefined;
  /** Where the effective value of `key` comes from. */
  source(key: string): string;
  /** Every setting, in table order. */
  all(): ResolvedSetting[];
}

function fromEnv(def: SettingDefinition, name: string, raw: string): SettingValue {
  const bad = (want: string) => new PyvendorError("E_CONFIG", `${name}=${raw} is not ${want}`, { data: { env: name } });
  switch (def.type) {
    case "string":
      if (def.choices && !def.choices.includes(raw)) throw bad(`one of ${def.choices.join(", ")}`);
      return raw;
    case "string[]":
      return raw.split(/\s+/).filter(Boolean);
    case "boolean": {
      const v = raw.toLowerCase();
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      throw bad("a boolean (1/0, true/false, yes/no, on/off)");
    }
    case "integer":
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || (def.type === "integer" && !Number.isInteger(n))) {
        throw bad(def.type === "integer" ? "a non-negative integer" : "a non-negative number");
      }
      return n;
    }
  }
}

/**
 * Resolves every setting. `flags` holds values given on the command line (undefined = not
 * given), keyed like the config files ("index-url"). Throws E_CONFIG for malformed environment
 * values and for config files with unknown keys or wrong types.
 */
export function resolveConfig(options: {
  flags?: Record<string, SettingValue | undefined>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Config {
  const files = loadConfigFiles({ cwd: options.cwd, env: options.env });
  const resolved = new Map<string, ResolvedSetting>();
  for (const def of SETTINGS) {
    const flag = options.flags?.[def.key];
    if (flag !== undefined && !(Array.isArray(flag) && flag.length === 0)) {
      resolved.set(def.key, { key: def.key, value: flag, source: "flag" });
      continue;
    }
    const envName = def.env.find((name) => options.env[name] !== undefined && options.env[name] !== "");
    if (envName) {
      resolved.set(def.key, { key: def.key, value: fromEnv(def, envName, options.env[envName] ?? ""), source: `env ${envName}` });
      continue;
    }
    const file = files.find((f) => f.values.has(def.key));
    if (file) {
      resolved.set(def.key, { key: def.key, value: file.values.get(def.key), source: file.describe });
      continue;
    }
    resolved.set(def.key, { key: def.key, value: undefined, source: "default" });
  }
  return {
    files,
    get: <T extends SettingValue>(key: string) => {
      if (!findSetting(key)) throw new Error(`unknown setting ${key}`);
      return resolved.get(key)?.value as T | undefined;
    },
    source: (key) => resolved.get(key)?.source ?? "default",
    all: () => SETTINGS.map((d) => resolved.get(d.key) ?? { key: d.key, value: undefined, source: "default" }),
  };
}
