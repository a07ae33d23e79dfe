// GET with the retry policy applied: every transient failure (status, socket, timeout, truncation) is retried.
import { PyvendorError } from "../errors.js";
import { HttpFailure, type HttpClient, type HttpResponse } from "./http-client.js";
import { decideRetry, type Failure, type RetryPolicy } from "./retry.js";

export interface RetryOptions {
  policy: RetryPolicy;
  /** Waits between attempts (setTimeout by default; 0 ms never waits). */
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry before its wait. */
  onRetry?: (info: { attempt: number; failure: Failure; delayMs: number }) => void;
}

export interface RetryingGetOptions<T> {
  accept?: string;
  retry: RetryOptions;
  /**
   * Reads a 2xx response. Errors it throws are judged too: HttpFailure and socket errors are
   * retried per the policy; anything else (E_HASH_MISMATCH, ...) ends the loop at once.
   */
  consume: (res: HttpResponse) => Promise<T>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Failure behind an error thrown by a request or a body stream, or undefined if it is not one. */
export function failureOf(err: unknown): Failure | undefined {
  if (err instanceof HttpFailure) return err.failure;
  if (err instanceof PyvendorError || !(err instanceof Error)) return undefined;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ECONNRESET" && err.message === "aborted") return { kind: "truncated" };
  if (code === "ERR_STREAM_PREMATURE_CLOSE") return { kind: "truncated" };
  return code ? { kind: "network", code } : undefined;
}

/**
 * GETs `url` until `consume` succeeds or the policy gives up. Non-2xx answers become
 * HttpFailure{kind:"status"}. Throws the last HttpFailure (status, network, timeout, truncated)
 * when attempts run out or the failure is not retriable; the caller turns it into a
 * PyvendorError naming what it was fetching.
 */
export async function retryingGet<T>(client: HttpClient, url: string, options: RetryingGetOptions<T>): Promise<T> {
  const sleep = options.retry.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.get(url, { accept: options.accept });
      if (res.status >= 200 && res.status < 300) return await options.consume(res);
      res.body.resume();
      const retryAfter = res.headers["retry-after"];
      throw new HttpFailure({ kind: "status", status: res.status, ...(retryAfter ? { retryAfter } : {}) }, url);
    } catch (err: unknown) {
      const failure = failureOf(err);
      if (!failure) throw err;
      const decision = decideRetry(failure, attempt, options.retry.policy);
      if (!decision.retry) {
        const final = err instanceof HttpFailure ? err : new HttpFailure(failure, url);
        final.attempts = attempt;
        throw final;
      }
      options.retry.onRetry?.({ attempt, failure, delayMs: decision.delayMs });
      if (decision.delayMs > 0) await sleep(decision.delayMs);
    }
  }
}
