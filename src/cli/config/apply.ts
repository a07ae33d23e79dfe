// Turns resolved settings into the options of the pack and install library calls.
import type { S3SettingsInput } from "../../cache/s3-settings.js";
import type { IndexSettingsInput } from "../../package-index/settings.js";
import type { Config } from "./resolve.js";
import type { SettingValue } from "./load.js";

/** Only defined entries, so that library defaults stay in charge of the rest. */
function defined<T extends object>(entries: [keyof T, unknown][]): Partial<T> {
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Partial<T>;
}

const str = (c: Config, k: string) => c.get<string>(k);
const list = (c: Config, k: string) => c.get<string[]>(k);
const bool = (c: Config, k: string) => c.get<boolean>(k);
const num = (c: Config, k: string) => c.get<number>(k);

/** Index settings for pack (flags, env and files already merged by the config). */
export function indexInput(c: Config): IndexSettingsInput {
  const timeout = num(c, "timeout");
  return defined<IndexSettingsInput>([
    ["indexUrl", str(c, "index-url")],
    ["extraIndexUrls", list(c, "extra-index-url")],
    ["findLinks", list(c, "find-links")],
    ["noIndex", bool(c, "no-index")],
    ["trustedHosts", list(c, "trusted-host")],
    ["cert", str(c, "cert")],
    ["proxy", str(c, "proxy")],
    ["timeoutMs", timeout === undefined ? undefined : Math.round(timeout * 1000)],
    ["retries", num(c, "retries")],
    ["offline", bool(c, "offline")],
  ]);
}

/** The S3 level's settings input (PYVENDOR_S3_* and [tool.pyvendor.s3] already merged). */
export function s3Input(c: Config, extra: S3SettingsInput = {}): S3SettingsInput {
  const timeout = num(c, "s3.timeout");
  return {
    ...defined<S3SettingsInput>([
      ["bucket", str(c, "s3.bucket")],
      ["prefix", str(c, "s3.prefix")],
      ["endpoint", str(c, "s3.endpoint-url")],
      ["region", str(c, "s3.region")],
      ["readOnly", bool(c, "s3.read-only")],
      ["pathStyle", bool(c, "s3.path-style")],
      ["timeoutMs", timeout === undefined ? undefined : Math.round(timeout * 1000)],
      ["retries", num(c, "s3.retries")],
      ["require", bool(c, "s3.require")],
    ]),
    ...extra,
  };
}

/** A record of flag values keyed like the settings, dropping the ones not given. */
export function flagValues(entries: Record<string, SettingValue | undefined>): Record<string, SettingValue | undefined> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}
