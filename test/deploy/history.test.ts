// The switch history: reconciling it with `current` after a crash, and where rollback goes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effectiveStack, nextStack, previousRelease, type History } from "../../src/deploy/history.js";

const h = (stack: string[]): History => ({ format: 1, stack, log: [] });

describe("history", () => {
  it("repairs a history left behind by a kill between the switch and the history write", () => {
    // install C switched current but died before recording it
    assert.deepEqual(effectiveStack(h(["A", "B"]), "C"), ["A", "B", "C"]);
    // rollback from C to B switched current but died before recording it
    assert.deepEqual(effectiveStack(h(["A", "B", "C"]), "B"), ["A", "B"]);
    assert.deepEqual(effectiveStack(h(["A", "B", "A", "C"]), "A"), ["A", "B", "A"]);
    assert.deepEqual(effectiveStack(h([]), undefined), []);
  });

  it("rollback pops; installs and --to push", () => {
    assert.deepEqual(nextStack(["A", "B", "C"], "B", "rollback"), ["A", "B"]);
    assert.deepEqual(nextStack(["A", "B"], "C", "install"), ["A", "B", "C"]);
    assert.deepEqual(nextStack(["A", "B"], "B", "reuse"), ["A", "B"]);
    assert.deepEqual(nextStack(["A", "B", "C"], "A", "switch"), ["A", "B", "C", "A"]);
  });

  it("the previous release skips removed ones, and falls back to install time without a history", () => {
    assert.equal(previousRelease(["A", "B", "C"], ["A", "B", "C"], "C"), "B");
    assert.equal(previousRelease(["A", "B", "C"], ["A", "C"], "C"), "A");
    assert.equal(previousRelease(["C"], ["A", "B", "C"], "C"), "B");
    assert.equal(previousRelease([], ["A"], "A"), undefined);
    assert.equal(previousRelease(["A", "A"], ["A"], "A"), undefined);
  });

  it("each rollback steps one release further back: C, then B, then A, then nothing older", () => {
    const installed = ["A", "B", "C"];
    let stack = ["A", "B", "C"];
    const visited: string[] = [];
    for (let current = "C"; ; ) {
      const previous = previousRelease(effectiveStack(h(stack), current), installed, current);
      if (previous === undefined) break;
      visited.push(previous);
      stack = nextStack(stack, previous, "rollback");
      current = previous;
    }
    assert.deepEqual(visited, ["B", "A"]);
  });
});
