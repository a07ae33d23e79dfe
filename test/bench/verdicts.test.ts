// Bench verdicts: a ratio against the sum of floors (node -e 0 + cp -a), and why a row has no value.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContenderResult } from "../../bench/harness.js";
import { ratioToSumVerdict } from "../../bench/verdicts.js";

const ok = (id: string, median: number): ContenderResult =>
  ({ id, label: id, tool: "floor", status: "ok", samplesMs: [median], rssKiB: [], summary: { median } as ContenderResult["summary"], extra: {} }) as ContenderResult;

test("ratioToSumVerdict divides by the sum of the floors and judges the target; a missing floor says why", () => {
  const v = ratioToSumVerdict("warm / (node + cp)", ok("warm", 300), [ok("node", 100), ok("cp", 150)], { op: "<=", limit: 1 });
  assert.equal(v.value, 300 / 250);
  assert.equal(v.pass, false);
  assert.equal(v.target, "<= 1x");
  assert.equal(ratioToSumVerdict("x", ok("warm", 200), [ok("node", 100), ok("cp", 150)], { op: "<=", limit: 1 }).pass, true);
  const missing = ratioToSumVerdict("x", ok("warm", 200), [undefined, ok("cp", 150)], { op: "<=", limit: 1 });
  assert.equal(missing.value, undefined);
  assert.match(missing.note ?? "", /not run/);
});
