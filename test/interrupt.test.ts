// src/interrupt.ts: scratch of dead processes is swept (only this host's), an interrupt waits for
// an uninterruptible step, then kills tracked process groups and removes tracked scratch.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { interrupt, scratchPrefix, sweepDeadScratch, trackChild, trackScratch, uninterruptible } from "../src/interrupt.js";
import { tempDir } from "./helpers/env.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-interrupt-unit-");
});
after(async () => {
  await work?.cleanup();
});

test("the sweep removes this host's scratch of dead processes, and keeps live ones' and other hosts'", async () => {
  const dir = path.join(work.dir, "tmp");
  const dead = spawnSync("true").pid as number; // exited and reaped: its pid names no process now
  const host = os.hostname().replace(/[^A-Za-z0-9.]/g, "_");
  const names = [`pack-${host}-${dead}-aB3dE9`, `install-${host}-${dead}-x`, scratchPrefix("pack") + "mine", `pack-${host}-1-init`, `pack-otherhost-${dead}-z`, "unrelated"];
  for (const n of names) await mkdir(path.join(dir, n, "inner"), { recursive: true });
  const removed = await sweepDeadScratch(dir);
  assert.deepEqual(removed.sort(), names.slice(0, 2).sort());
  assert.deepEqual((await readdir(dir)).sort(), names.slice(2).sort());
  assert.deepEqual(await sweepDeadScratch(path.join(work.dir, "absent")), []);
});

test("an interrupt waits for an uninterruptible step, then kills tracked process groups and removes tracked scratch", async () => {
  const kept = path.join(work.dir, "scratch-kept");
  const gone = path.join(work.dir, "scratch-gone");
  await mkdir(path.join(kept, "x"), { recursive: true });
  await mkdir(path.join(gone, "x"), { recursive: true });
  const release = trackScratch(kept);
  trackScratch(gone);
  release();
  // A group leader whose own child would outlive a kill of the leader alone.
  const leader = spawn("sh", ["-c", "sleep 300 & echo $!; wait"], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
  trackChild(leader);
  const grandchild = Number(await new Promise<string>((resolve) => leader.stdout.once("data", (d: Buffer) => resolve(d.toString()))));
  const exited = new Promise((resolve) => leader.once("exit", resolve));

  let exitCalls = 0;
  let stepEnded = false;
  await uninterruptible(async () => {
    interrupt(() => {
      exitCalls++;
      assert.ok(stepEnded, "exit only after the step");
    });
    assert.equal(exitCalls, 0);
    assert.ok(existsSync(gone), "nothing is removed during the step");
    await new Promise((resolve) => setTimeout(resolve, 20));
    stepEnded = true;
  });
  assert.equal(exitCalls, 1);
  assert.ok(!existsSync(gone));
  assert.ok(existsSync(kept), "released scratch stays");
  await exited;
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(grandchild, 0);
    } catch {
      return; // the whole group is gone
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the grandchild ${grandchild} still runs`);
});
