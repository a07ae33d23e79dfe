import assert from "node:assert/strict";
import { test } from "node:test";
import { decideRetry, retryAfterMs, type RetryPolicy } from "../../src/package-index/retry.js";

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5, now: () => 0 };

test("transient failures are retried: timeouts, truncation, resets, 408/429/5xx", () => {
  for (const failure of [
    { kind: "timeout" as const },
    { kind: "truncated" as const },
    { kind: "network" as const, code: "ECONNRESET" },
    { kind: "network" as const, code: "ECONNREFUSED" },
    { kind: "status" as const, status: 408 },
    { kind: "status" as const, status: 429 },
    { kind: "status" as const, status: 500 },
    { kind: "status" as const, status: 503 },
  ]) {
    assert.equal(decideRetry(failure, 1, policy).retry, true, JSON.stringify(failure));
  }
});

test("401, 403, 404, other 4xx, DNS and TLS errors are never retried", () => {
  for (const failure of [
    { kind: "status" as const, status: 401 },
    { kind: "status" as const, status: 403 },
    { kind: "status" as const, status: 404 },
    { kind: "status" as const, status: 400 },
    { kind: "network" as const, code: "ENOTFOUND" },
    { kind: "network" as const, code: "CERT_HAS_EXPIRED" },
  ]) {
    assert.deepEqual(decideRetry(failure, 1, policy), { retry: false }, JSON.stringify(failure));
  }
});

test("attempts stop after the configured retries", () => {
  assert.equal(decideRetry({ kind: "timeout" }, 3, policy).retry, true);
  assert.equal(decideRetry({ kind: "timeout" }, 4, policy).retry, false);
  assert.equal(decideRetry({ kind: "timeout" }, 1, { ...policy, retries: 0 }).retry, false);
});

test("backoff doubles per attempt with full jitter, capped", () => {
  const at = (n: number, random: number) => decideRetry({ kind: "timeout" }, n, { ...policy, random: () => random });
  assert.deepEqual(at(1, 0.5), { retry: true, delayMs: 50 });
  assert.deepEqual(at(2, 0.5), { retry: true, delayMs: 100 });
  assert.deepEqual(at(3, 0.999), { retry: true, delayMs: 399 });
  assert.deepEqual(decideRetry({ kind: "timeout" }, 3, { ...policy, maxDelayMs: 150, random: () => 0.999 }), { retry: true, delayMs: 149 });
});

test("Retry-After (seconds or date) is honoured, within the cap", () => {
  assert.deepEqual(decideRetry({ kind: "status", status: 503, retryAfter: "3" }, 1, policy), { retry: true, delayMs: 3000 });
  assert.deepEqual(decideRetry({ kind: "status", status: 429, retryAfter: "120" }, 1, policy), { retry: true, delayMs: 10_000 });
  assert.equal(retryAfterMs("Thu, 01 Jan 1970 00:00:05 GMT", 1000), 4000);
  assert.equal(retryAfterMs("soon", 0), undefined);
});

test("zero delays: base and cap 0 give 0 ms even with Retry-After", () => {
  const zero = { ...policy, baseDelayMs: 0, maxDelayMs: 0 };
  assert.deepEqual(decideRetry({ kind: "status", status: 503, retryAfter: "30" }, 1, zero), { retry: true, delayMs: 0 });
  assert.deepEqual(decideRetry({ kind: "network", code: "ECONNRESET" }, 2, zero), { retry: true, delayMs: 0 });
});
