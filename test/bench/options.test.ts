// `npm run bench` options: the real-corpus case runs by default (when cached), not with --quick unless asked for.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { CASE_IDS, parseBenchOptions } from "../../bench/options.js";

test("the full run includes the real corpus; --quick leaves it out unless --only names it", () => {
  assert.deepEqual(parseBenchOptions([])?.cases, [...CASE_IDS]);
  assert.ok(!parseBenchOptions(["--quick"])?.cases.includes("real"));
  assert.ok(!parseBenchOptions(["--quick"])?.cases.includes("lock-real"));
  assert.deepEqual(parseBenchOptions(["--quick", "--only", "real"])?.cases, ["real"]);
});

test("the lock case runs in the full run and with --quick, and alone with --only lock", () => {
  assert.ok(parseBenchOptions([])?.cases.includes("lock"));
  assert.ok(parseBenchOptions(["--quick"])?.cases.includes("lock"));
  assert.deepEqual(parseBenchOptions(["--quick", "--only", "lock"])?.cases, ["lock"]);
});

test("the real corpus's rounds: one cold pack each, three counted rounds of the rest, both settable", () => {
  const o = parseBenchOptions([]);
  assert.equal(o?.realColdRuns, 1);
  assert.equal(o?.realRuns, 3);
  const set = parseBenchOptions(["--real-cold-runs", "2", "--real-runs", "5"]);
  assert.equal(set?.realColdRuns, 2);
  assert.equal(set?.realRuns, 5);
  assert.throws(() => parseBenchOptions(["--real-runs", "0"]), /--real-runs must be an integer >= 1/);
});

test("--real-bundle takes a directory, made absolute", () => {
  assert.equal(parseBenchOptions(["--only", "real", "--real-bundle", "kept/bundle"])?.realBundle, path.resolve("kept/bundle"));
  assert.equal(parseBenchOptions([])?.realBundle, undefined);
});
