// src/backoff.ts: the one backoff rule of the index client and the S3 cache level.
import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay } from "../src/backoff.js";

test("full-jitter exponential backoff, capped, for a fixed number of retries", () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 300, random: () => 0.5 };
  assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, policy)), [50, 100, 150]);
  assert.equal(backoffDelay(4, policy), undefined, "the retries are spent");
  assert.equal(backoffDelay(3, { ...policy, random: () => 0.999 }), 299, "never the cap itself");
  assert.equal(backoffDelay(1, { ...policy, maxDelayMs: 0 }), 0, "tests turn waiting off");
});
