// The retry policy: one pure function saying whether a failure is retried and after how long.
import { backoffDelay, type BackoffPolicy } from "../backoff.js";

/** Why an attempt failed, as the retry decision sees it. */
export type Failure =
  /** The server answered with this status; `retryAfter` is the raw Retry-After header. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** A socket error (ECONNRESET, ECONNREFUSED, EPIPE, EAI_AGAIN, ...). */
  | { kind: "network"; code: string }
  /** No byte for the idle timeout. */
  | { kind: "timeout" }
  /** The body ended before Content-Length bytes, or the connection closed mid-body. */
  | { kind: "truncated" };

/** The shared backoff (src/backoff.ts; its cap also caps Retry-After), and `now` for Retry-After dates. */
export interface RetryPolicy extends BackoffPolicy {
  now?: () => number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

const RETRIABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const RETRIABLE_ERRNO = new Set([
  "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH",
  "ENETUNREACH", "ENETDOWN", "UND_ERR_SOCKET", "ERR_STREAM_PREMATURE_CLOSE", "HPE_INVALID_CHUNK_SIZE",
]);

/** Retry-After (delta seconds or an HTTP date) in milliseconds from now; undefined if absent or bad. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Retried: timeouts, truncated bodies, connection resets/refusals and other transient socket
 * errors, and statuses 408, 425, 429, 500, 502, 503, 504. Never: 401, 403, 404, other 4xx,
 * TLS or DNS-not-found errors. `attempt` is the 1-based number of the attempt that just failed;
 * after `policy.retries` retries the answer is no. The delay is the server's Retry-After when
 * given, else full-jitter exponential backoff; both capped by maxDelayMs.
 */
export function decideRetry(failure: Failure, attempt: number, policy: RetryPolicy): RetryDecision {
  if (attempt > policy.retries) return { retry: false };
  const retriable =
    failure.kind === "timeout" ||
    failure.kind === "truncated" ||
    (failure.kind === "network" && RETRIABLE_ERRNO.has(failure.code)) ||
    (failure.kind === "status" && RETRIABLE_STATUS.has(failure.status));
  if (!retriable) return { retry: false };
  const cap = Math.max(0, policy.maxDelayMs);
  const fromServer = failure.kind === "status" ? retryAfterMs(failure.retryAfter, (policy.now ?? Date.now)()) : undefined;
  if (fromServer !== undefined) return { retry: true, delayMs: Math.min(cap, fromServer) };
  return { retry: true, delayMs: backoffDelay(attempt, policy) as number };
}

/** A one-line reason for events and messages, e.g. "HTTP 503" or "ECONNRESET". */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case "status":
      return `HTTP ${failure.status}`;
    case "network":
      return failure.code;
    case "timeout":
      return "timed out";
    case "truncated":
      return "connection closed before the whole body arrived";
  }
}
