// The build queue: bounded parallelism, tasks that queue tasks, failures surfaced after the running ones end.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runQueue } from "../../src/build/scheduler.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("runQueue", () => {
  it("runs at most `limit` at once and processes pushed items", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await runQueue([1, 2, 3, 4], 2, async (n, push) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      seen.push(n);
      if (n < 3) push(n * 10);
      running -= 1;
    });
    assert.equal(peak, 2);
    assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 10, 20]);
  });

  it("resolves at once for no work, and re-throws a worker's error after the others finish", async () => {
    await runQueue([], 4, async () => assert.fail("no work"));
    const finished: number[] = [];
    await assert.rejects(
      runQueue([1, 2, 3], 2, async (n) => {
        await tick();
        if (n === 1) throw new Error("boom");
        await tick();
        finished.push(n);
      }),
      /boom/,
    );
    assert.deepEqual(finished, [2], "the running task finished; no new one started");
  });
});
