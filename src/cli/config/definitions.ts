// Every setting the CLI reads from config files and the environment: key, type, env names, help.

export type SettingType = "string" | "string[]" | "boolean" | "integer" | "number";

export interface SettingDefinition {
  /** The key in [tool.pyvendor] / pyvendor.toml (kebab-case; "s3.bucket" is [tool.pyvendor.s3] bucket). */
  key: string;
  type: SettingType;
  /** Environment variables, the first set one wins (PYVENDOR_* before pip's PIP_*). */
  env: string[];
  /** Allowed values for an enumerated string. */
  choices?: string[];
  /** Shown by `pyvendor config` when nothing sets it. */
  defaultText: string;
  description: string;
  /** Values that may carry credentials (printed redacted). */
  secretUrls?: boolean;
  /** Values are paths (or URLs); relative paths in a config file are relative to that file. */
  paths?: boolean;
}

const s = (d: SettingDefinition): SettingDefinition => d;

export const SETTINGS: readonly SettingDefinition[] = [
  s({ key: "index-url", type: "string", env: ["PYVENDOR_INDEX_URL", "PIP_INDEX_URL"], defaultText: "https://pypi.org/simple/", description: "base URL of the package index", secretUrls: true }),
  s({ key: "extra-index-url", type: "string[]", env: ["PYVENDOR_EXTRA_INDEX_URL", "PIP_EXTRA_INDEX_URL"], defaultText: "none", description: "more indexes, asked only for projects the first lacks", secretUrls: true }),
  s({ key: "find-links", paths: true, type: "string[]", env: ["PYVENDOR_FIND_LINKS", "PIP_FIND_LINKS"], defaultText: "none", description: "directories or pages of distributions", secretUrls: true }),
  s({ key: "no-index", type: "boolean", env: ["PYVENDOR_NO_INDEX", "PIP_NO_INDEX"], defaultText: "false", description: "use only find-links" }),
  s({ key: "trusted-host", type: "string[]", env: ["PYVENDOR_TRUSTED_HOST", "PIP_TRUSTED_HOST"], defaultText: "none", description: "hosts allowed over plain HTTP" }),
  s({ key: "cert", paths: true, type: "string", env: ["PYVENDOR_CERT", "PIP_CERT"], defaultText: "system CAs", description: "CA bundle added for HTTPS" }),
  s({ key: "proxy", type: "string", env: ["PYVENDOR_PROXY", "PIP_PROXY"], defaultText: "HTTPS_PROXY / HTTP_PROXY", description: "proxy for HTTP and HTTPS", secretUrls: true }),
  s({ key: "timeout", type: "number", env: ["PYVENDOR_TIMEOUT", "PIP_TIMEOUT", "PIP_DEFAULT_TIMEOUT"], defaultText: "15", description: "network idle timeout per request, seconds" }),
  s({ key: "retries", type: "integer", env: ["PYVENDOR_RETRIES", "PIP_RETRIES"], defaultText: "5", description: "retries for transient network failures" }),
  s({ key: "jobs", type: "integer", env: ["PYVENDOR_JOBS"], defaultText: "number of cores", description: "parallel downloads, builds and extractions" }),
  s({ key: "offline", type: "boolean", env: ["PYVENDOR_OFFLINE"], defaultText: "false", description: "never use the network" }),
  s({ key: "cache-dir", paths: true, type: "string", env: ["PYVENDOR_CACHE_DIR"], defaultText: "$XDG_CACHE_HOME/pyvendor or ~/.cache/pyvendor", description: "the cache directory" }),
  s({ key: "python", type: "string[]", env: ["PYVENDOR_PYTHON"], defaultText: "python3", description: "target interpreters (pack) / the interpreter (install)" }),
  s({ key: "requirements", paths: true, type: "string[]", env: [], defaultText: "none", description: "requirements files pack reads when none is given" }),
  s({ key: "output", paths: true, type: "string", env: [], defaultText: "none", description: "the bundle pack writes when -o is not given" }),
  s({ key: "format", type: "string", env: [], choices: ["dir", "tar.gz", "zip"], defaultText: "from the output name", description: "bundle form" }),
  s({ key: "name", type: "string", env: [], defaultText: "none", description: "bundle name label" }),
  s({ key: "with-sources", type: "boolean", env: [], defaultText: "false", description: "put the sdists into the bundle" }),
  s({ key: "only-binary", type: "string[]", env: ["PYVENDOR_ONLY_BINARY", "PIP_ONLY_BINARY"], defaultText: "none", description: "take wheels from the index for these (or :all:)" }),
  s({ key: "no-binary", type: "string[]", env: ["PYVENDOR_NO_BINARY", "PIP_NO_BINARY"], defaultText: "none", description: "never take wheels from the index for these (or :all:)" }),
  s({ key: "prefer-binary", type: "boolean", env: ["PYVENDOR_PREFER_BINARY", "PIP_PREFER_BINARY"], defaultText: "false", description: "use compatible wheels from the index where they exist" }),
  s({ key: "build-frontend", type: "string", env: ["PYVENDOR_BUILD_FRONTEND"], choices: ["pyvendor", "pip"], defaultText: "pyvendor", description: "who builds sdists: pyvendor's PEP 517 frontend or pip" }),
  s({ key: "strict", type: "boolean", env: ["PYVENDOR_STRICT"], defaultText: "false", description: "refuse unpinned dependencies instead of pinning them from the index" }),
  s({ key: "pre", type: "boolean", env: ["PYVENDOR_PRE"], defaultText: "false", description: "allow pre-releases when pinning dependencies" }),
  s({ key: "link-mode", type: "string", env: ["PYVENDOR_LINK_MODE"], choices: ["auto", "reflink", "hardlink", "copy"], defaultText: "auto", description: "how install places files from the unpacked store: auto (reflink, else copy), reflink, copy, or hardlink (shared with the store)" }),
  s({ key: "compile", type: "boolean", env: ["PYVENDOR_COMPILE"], defaultText: "false", description: "compile bytecode at install" }),
];

const BY_KEY = new Map(SETTINGS.map((d) => [d.key, d]));

/** The definition of `key`, or undefined when no such setting exists. */
export function findSetting(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key);
}

/** Adds definitions (e.g. the S3 cache's) to the table; keys must be new. */
export function registerSettings(more: readonly SettingDefinition[]): void {
  for (const d of more) {
    if (BY_KEY.has(d.key)) throw new Error(`setting ${d.key} is defined twice`);
    BY_KEY.set(d.key, d);
    (SETTINGS as SettingDefinition[]).push(d);
  }
}

/** The shared S3 cache level (see src/cache/s3-settings.ts), as [tool.pyvendor.s3] keys. */
registerSettings([
  s({ key: "s3.bucket", type: "string", env: ["PYVENDOR_S3_BUCKET"], defaultText: "none (no shared cache)", description: "the shared cache's bucket, or s3://bucket/prefix" }),
  s({ key: "s3.prefix", type: "string", env: ["PYVENDOR_S3_PREFIX"], defaultText: "none", description: "key prefix inside the bucket" }),
  s({ key: "s3.endpoint-url", type: "string", env: ["PYVENDOR_S3_ENDPOINT_URL"], defaultText: "AWS S3", description: "an S3-compatible service" }),
  s({ key: "s3.region", type: "string", env: ["PYVENDOR_S3_REGION"], defaultText: "AWS_REGION, else us-east-1", description: "the bucket's region" }),
  s({ key: "s3.read-only", type: "boolean", env: ["PYVENDOR_S3_READ_ONLY"], defaultText: "false", description: "read the shared cache, upload nothing" }),
  s({ key: "s3.path-style", type: "boolean", env: ["PYVENDOR_S3_PATH_STYLE"], defaultText: "true with an endpoint URL", description: "path-style addressing" }),
  s({ key: "s3.timeout", type: "number", env: ["PYVENDOR_S3_TIMEOUT"], defaultText: "5", description: "S3 connect and idle timeout, seconds" }),
  s({ key: "s3.retries", type: "integer", env: ["PYVENDOR_S3_RETRIES"], defaultText: "1", description: "retries for transient S3 failures" }),
  s({ key: "s3.require", type: "boolean", env: ["PYVENDOR_S3_REQUIRE"], defaultText: "false", description: "fail instead of warning when S3 fails" }),
]);
