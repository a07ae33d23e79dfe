// Settings of the shared S3 cache level: flags > PYVENDOR_S3_* > defaults, as plain data without credentials.
import { envBool, envNumber } from "../env-values.js";
import { PyvendorError } from "../errors.js";

/** The remote (second) cache level. Holds no credentials: those come from the AWS SDK's default chain. */
export interface S3Settings {
  bucket: string;
  /** Key prefix without leading or trailing "/"; "" for the bucket's root. */
  prefix: string;
  /** Endpoint of an S3-compatible service (MinIO, Ceph, R2 …); undefined for AWS S3. Never carries userinfo. */
  endpoint?: string;
  region: string;
  /** Read what others wrote; upload nothing (developers reading what CI wrote). */
  readOnly: boolean;
  /** Path-style addressing (endpoint/bucket/key) instead of bucket.endpoint/key. */
  pathStyle: boolean;
  /** Fail the pack (E_REMOTE_CACHE) on S3 trouble instead of warning and carrying on. */
  require: boolean;
  /** Connect, response and idle timeout per request, milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt (the SDK's standard backoff). */
  retries: number;
}

/** Flags as the CLI or a config file passes them; `bucket` may be `s3://bucket/prefix`. `disabled` ignores the environment. */
export type S3SettingsInput = Partial<S3Settings> & { disabled?: boolean };

export const DEFAULT_S3_TIMEOUT_MS = 5000;
export const DEFAULT_S3_RETRIES = 1;
export const DEFAULT_S3_REGION = "us-east-1";

/** The environment variables read, for help texts and docs. */
export const S3_ENV = {
  bucket: "PYVENDOR_S3_BUCKET",
  prefix: "PYVENDOR_S3_PREFIX",
  endpoint: "PYVENDOR_S3_ENDPOINT_URL",
  region: "PYVENDOR_S3_REGION",
  readOnly: "PYVENDOR_S3_READ_ONLY",
  pathStyle: "PYVENDOR_S3_PATH_STYLE",
  require: "PYVENDOR_S3_REQUIRE",
  timeout: "PYVENDOR_S3_TIMEOUT",
  retries: "PYVENDOR_S3_RETRIES",
} as const;

const bool = envBool;
const num = envNumber;

function cleanPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "").replace(/\/{2,}/g, "/");
  if (trimmed.split("/").some((part) => part === "." || part === "..")) {
    throw new PyvendorError("E_CONFIG", `S3 key prefix "${prefix}" has a "." or ".." segment`);
  }
  return trimmed;
}

/** Splits `s3://bucket/prefix` (or a plain bucket name). */
function parseBucket(value: string): { bucket: string; prefix?: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  const bucket = m ? (m[1] ?? "") : value;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(bucket)) {
    throw new PyvendorError("E_CONFIG", `"${bucket}" is not a valid S3 bucket name`, {
      hint: "Give a bucket name (my-cache) or an s3://bucket/prefix URL.",
    });
  }
  return m?.[2] ? { bucket, prefix: m[2] } : { bucket };
}

function checkEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PyvendorError("E_CONFIG", `The S3 endpoint "${value}" is not a URL`, { hint: "Give e.g. https://minio.example.com:9000." });
  }
  if (url.username || url.password) {
    // Rejected rather than redacted: credentials belong in the AWS chain, where nothing prints them.
    throw new PyvendorError("E_CONFIG", "The S3 endpoint URL must not carry credentials", {
      hint: "Set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an AWS profile instead.",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PyvendorError("E_CONFIG", `The S3 endpoint must be http(s), got ${url.protocol}`);
  }
  return value.replace(/\/+$/, "");
}

/**
 * The S3 level's settings from `flags` (win) and PYVENDOR_S3_* variables, or undefined when no
 * bucket is configured or `flags.disabled`. Region falls back to AWS_REGION / AWS_DEFAULT_REGION,
 * then us-east-1; path-style addressing defaults to on when an endpoint is given (S3-compatible
 * services on a host:port rarely resolve bucket subdomains). Throws E_CONFIG for invalid values.
 */
export function resolveS3Settings(flags: S3SettingsInput, env: NodeJS.ProcessEnv): S3Settings | undefined {
  if (flags.disabled) return undefined;
  const rawBucket = flags.bucket ?? (env[S3_ENV.bucket] || undefined);
  if (rawBucket === undefined) return undefined;
  const parsed = parseBucket(rawBucket);
  const rawEndpoint = flags.endpoint ?? (env[S3_ENV.endpoint] || undefined);
  const endpoint = rawEndpoint === undefined ? undefined : checkEndpoint(rawEndpoint);
  return {
    bucket: parsed.bucket,
    prefix: cleanPrefix(flags.prefix ?? (env[S3_ENV.prefix] || parsed.prefix || "")),
    ...(endpoint !== undefined ? { endpoint } : {}),
    region: flags.region ?? (env[S3_ENV.region] || env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_S3_REGION),
    readOnly: flags.readOnly ?? bool(S3_ENV.readOnly, env[S3_ENV.readOnly]) ?? false,
    pathStyle: flags.pathStyle ?? bool(S3_ENV.pathStyle, env[S3_ENV.pathStyle]) ?? endpoint !== undefined,
    require: flags.require ?? bool(S3_ENV.require, env[S3_ENV.require]) ?? false,
    timeoutMs: flags.timeoutMs ?? num(S3_ENV.timeout, env[S3_ENV.timeout], 1000) ?? DEFAULT_S3_TIMEOUT_MS,
    retries: flags.retries ?? num(S3_ENV.retries, env[S3_ENV.retries]) ?? DEFAULT_S3_RETRIES,
  };
}

/** `s3://bucket/prefix`: how messages and summaries name the remote level. */
export function remoteLocation(settings: Pick<S3Settings, "bucket" | "prefix">): string {
  return `s3://${settings.bucket}${settings.prefix ? `/${settings.prefix}` : ""}`;
}
