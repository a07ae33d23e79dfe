// What went wrong with the remote cache level, as a small closed set of kinds with credential-free messages.

export type RemoteFailureKind =
  /** Connection refused, reset, DNS failure: the service is not there. */
  | "unreachable"
  | "timeout"
  /** 401/403: wrong or missing permission (or, for a GET without s3:ListBucket, a missing object). */
  | "denied"
  | "no-bucket"
  /** No credentials in the AWS default chain. */
  | "credentials"
  /** 5xx and throttling. */
  | "server"
  /** An object's bytes do not match its key or entry; an upload the server did not store intact. */
  | "integrity"
  | "other";

/**
 * A failure of the remote level. `message` is written by us from the error's kind, name and
 * status: it never holds credentials (values of AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN /
 * AWS_ACCESS_KEY_ID are removed from any text taken from the SDK, just in case).
 */
export class RemoteFailure extends Error {
  readonly kind: RemoteFailureKind;
  readonly status: number | undefined;

  constructor(kind: RemoteFailureKind, message: string, status?: number) {
    super(message);
    this.name = "RemoteFailure";
    this.kind = kind;
    this.status = status;
  }
}

const DESCRIPTIONS: Record<RemoteFailureKind, string> = {
  unreachable: "cannot connect",
  timeout: "timed out",
  denied: "access denied",
  "no-bucket": "the bucket does not exist",
  credentials: "no AWS credentials found (environment, shared config/credentials files, SSO, process, container or instance role)",
  server: "server error",
  integrity: "integrity check failed",
  other: "request failed",
};

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ECONNABORTED"]);
const SECRET_VARIABLES = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"];

/** `text` with every value of the AWS credential variables in `env` replaced by "***". */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) out = out.split(value).join("***");
  }
  return out;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Turns anything the SDK (or the network under it) threw into a RemoteFailure. Pure. */
export function classifyRemoteError(err: unknown, env: NodeJS.ProcessEnv = process.env): RemoteFailure {
  if (err instanceof RemoteFailure) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as SdkErrorShape;
  const name = typeof e.name === "string" ? e.name : "Error";
  const code = typeof e.code === "string" ? e.code : undefined;
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  let kind: RemoteFailureKind = "other";
  if (name === "CredentialsProviderError" || name === "ExpiredToken" || name === "ExpiredTokenException") kind = "credentials";
  else if (name === "NoSuchBucket") kind = "no-bucket";
  else if (code !== undefined && NETWORK_CODES.has(code)) kind = "unreachable";
  else if (name === "TimeoutError" || code === "ETIMEDOUT" || name === "RequestTimeout" || name === "AbortError") kind = "timeout";
  else if (status === 401 || status === 403) kind = "denied";
  else if ((status !== undefined && status >= 500) || status === 429 || name === "SlowDown") kind = "server";
  const detail = [name !== "Error" ? name : undefined, code, status !== undefined ? `HTTP ${status}` : undefined].filter(Boolean).join(", ");
  const sdkMessage = typeof e.message === "string" ? scrubSecrets(e.message, env).split("\n")[0]?.slice(0, 200) : undefined;
  const extra = kind === "other" && sdkMessage ? `: ${sdkMessage}` : "";
  return new RemoteFailure(kind, `${DESCRIPTIONS[kind]}${detail ? ` (${detail})` : ""}${extra}`, status);
}

/** True for the S3 answers that mean "no such object" (as opposed to no such bucket). */
export function isNotFound(err: unknown): boolean {
  const e = (typeof err === "object" && err !== null ? err : {}) as SdkErrorShape;
  if (e.name === "NoSuchBucket") return false;
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}
