// What every index operation shares: settings, the HTTP client, credentials, retry policy, cache and events.
import { readFileSync } from "node:fs";
import { PyvendorError, isErrno } from "../errors.js";
import type { Cache } from "../cache/cache.js";
import { silentSink, type EventSink } from "../events.js";
import { createCredentialLookup } from "./credentials.js";
import { createHttpClient, HttpFailure, type HttpClient } from "./http-client.js";
import { parseNetrc, type Netrc } from "./netrc.js";
import { redactUrl } from "./redact.js";
import { describeFailure, type Failure, type RetryPolicy } from "./retry.js";
import type { RetryOptions } from "./retrying-get.js";
import type { IndexSettings } from "./settings.js";

/** Options callers (and tests) may pass to any index function besides cache and settings. */
export interface IndexHooks {
  events?: EventSink;
  /** Replaces the wait between retries (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface IndexContext {
  settings: IndexSettings;
  cache: Cache;
  events: EventSink;
  /** Throws E_OFFLINE_MISSING when settings.offline (callers check first; this is the safety net). */
  http: HttpClient;
  /** Retry options whose retries are reported as download-retry events for `label`. */
  retry(label: string): RetryOptions;
}

function readNetrc(file: string | undefined): Netrc | undefined {
  if (!file) return undefined;
  try {
    return parseNetrc(readFileSync(file, "utf8"));
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "EISDIR")) return undefined;
    throw new PyvendorError("E_CONFIG", `Cannot read the netrc file ${file}`, { cause: err });
  }
}

/** Builds the shared context. Reads the netrc file (once) if there is one. */
export function createIndexContext(settings: IndexSettings, options: { cache: Cache } & IndexHooks): IndexContext {
  const configured = [settings.indexUrl, ...settings.extraIndexUrls, ...Object.values(settings.indexFor), ...settings.findLinks];
  const lookup = createCredentialLookup(configured, readNetrc(settings.netrc));
  const client = createHttpClient(settings, lookup);
  const events = options.events ?? silentSink;
  const http: HttpClient = {
    get: (url, opts) => {
      if (settings.offline && !url.startsWith("file:")) {
        return Promise.reject(
          new PyvendorError("E_OFFLINE_MISSING", `Working offline; not fetching ${redactUrl(url)}`, { data: { missing: [redactUrl(url)] } }),
        );
      }
      return client.get(url, opts);
    },
    close: () => client.close(),
  };
  const policy: RetryPolicy = {
    retries: settings.retries,
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
    ...(options.random ? { random: options.random } : {}),
  };
  return {
    settings,
    cache: options.cache,
    events,
    http,
    retry: (label) => ({
      policy,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      onRetry: ({ attempt, failure, delayMs }) =>
        events({ type: "download-retry", file: label, attempt, reason: describeFailure(failure), delayMs }),
    }),
  };
}

/** What was being fetched, for turning a final HttpFailure into a PyvendorError. */
export interface FailureSubject {
  kind: "page" | "file";
  /** Redacted URL asked. */
  url: string;
  /** e.g. "project hello-cli" or "hello_cli-1.0.tar.gz". */
  what: string;
}

/**
 * The PyvendorError for a request that failed for good: 401 → E_AUTH_REQUIRED, 403 →
 * E_FORBIDDEN; other failures → E_INDEX_ERROR / E_INDEX_UNREACHABLE for pages and
 * E_DOWNLOAD_FAILED for files. (404 on a project page is not an error; the finder handles it.)
 */
export function requestError(err: HttpFailure, subject: FailureSubject): PyvendorError {
  const failure: Failure = err.failure;
  const where = redactUrl(subject.url);
  const data = { url: where, reason: describeFailure(failure), attempts: err.attempts, ...(failure.kind === "status" ? { status: failure.status } : {}) };
  if (failure.kind === "status" && failure.status === 401) {
    return new PyvendorError("E_AUTH_REQUIRED", `${where} asks for credentials (HTTP 401) for ${subject.what}`, { data });
  }
  if (failure.kind === "status" && failure.status === 407) {
    return new PyvendorError("E_AUTH_REQUIRED", `The proxy asks for credentials (HTTP 407) fetching ${where}`, {
      data,
      hint: "Put them in the proxy URL: HTTPS_PROXY=http://user:password@proxy:port",
    });
  }
  if (failure.kind === "status" && failure.status === 403) {
    return new PyvendorError("E_FORBIDDEN", `${where} refused access (HTTP 403) to ${subject.what}`, { data });
  }
  const tries = err.attempts > 1 ? ` after ${err.attempts} attempts` : "";
  const message = `Fetching ${subject.what} from ${where} failed${tries}: ${describeFailure(failure)}`;
  if (subject.kind === "file") return new PyvendorError("E_DOWNLOAD_FAILED", message, { cause: err, data });
  return new PyvendorError(failure.kind === "status" ? "E_INDEX_ERROR" : "E_INDEX_UNREACHABLE", message, { cause: err, data });
}
