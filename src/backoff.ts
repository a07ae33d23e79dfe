// The one backoff rule of every retry loop (the package index's HTTP requests, the S3 cache level):
// exponential with full jitter, capped, a fixed number of retries.

export interface BackoffPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Backoff base: after attempt n fails, wait up to base·2^(n-1). */
  baseDelayMs: number;
  /** Cap of every delay (tests set 0). */
  maxDelayMs: number;
  /** Uniform [0, 1) source for jitter (Math.random by default). */
  random?: () => number;
}

/**
 * How long to wait after attempt `attempt` (1-based) failed with a retriable failure, or
 * undefined when the retries are spent: a uniform draw in [0, min(cap, base·2^(attempt-1))).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number | undefined {
  if (attempt > policy.retries) return undefined;
  const ceiling = Math.min(Math.max(0, policy.maxDelayMs), policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}
