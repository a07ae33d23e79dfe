// The build queue: bounded parallelism, tasks that queue tasks, failures surfaced after the running ones end.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { limitConcurrency, runQueue } from "../../src/build/scheduler.js";

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

describe("limitConcurrency", () => {
  it("runs at most `limit` calls at once, the rest in call order, passing results and errors through", async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const limited = limitConcurrency(2, async (n: number) => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      await tick();
      running -= 1;
      if (n === 3) throw new Error(`boom ${n}`);
      return n * 10;
    });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => limited(n)));
    assert.equal(peak, 2);
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    assert.deepEqual(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)), [10, 20, "boom 3", 40, 50]);
  });
});

