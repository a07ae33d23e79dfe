// The releases root lock: mutual exclusion across processes, take-over of a killed holder, --no-wait.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { acquireRootLock } from "../../src/deploy/lock.js";
import { selfIdentity } from "../../src/deploy/process-identity.js";
import { tempDir } from "../helpers/env.js";

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), "lock-worker.js");

function run(args: string[]): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve(signal));
  });
}

/** A pid that certainly ran and no longer runs. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", "0"]);
    child.on("exit", () => resolve(child.pid as number));
  });
}

describe("root lock", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    work = await tempDir("pyvendor-lock-");
  });
  after(async () => {
    await work.cleanup();
  });

  it("admits one process at a time, and holders killed inside are taken over without overlap", async () => {
    const lockDir = path.join(work.dir, "race", ".pyvendor-lock");
    const log = path.join(work.dir, "race.log");
    writeFileSync(log, "");
    // Six workers of 15 cycles; three of them SIGKILL themselves while holding the lock.
    const signals = await Promise.all([0, 1, 2, 3, 4, 5].map((w) => run([lockDir, log, "15", String(w % 2 === 0 ? 3 + w : -1)])));
    assert.equal(signals.filter((s) => s === "SIGKILL").length, 3);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    let inside: string | undefined;
    let enters = 0;
    const killed = new Set<string>();
    for (const line of lines) {
      const [what, pid] = line.split(" ") as [string, string];
      if (what === "enter") {
        // Entering while another is inside is allowed only when that one was killed inside.
        if (inside !== undefined) killed.add(inside);
        inside = pid;
        enters++;
      } else {
        assert.equal(inside, pid, `exit of ${pid} while ${inside} was inside`);
        inside = undefined;
      }
    }
    if (inside !== undefined) killed.add(inside);
    assert.equal(killed.size, 3, "only the three killed workers ever left the lock without exiting it");
    assert.equal(enters, 3 * 15 + 4 + 6 + 8);
    assert.deepEqual(readdirSync(lockDir).filter((n) => n.endsWith(".lock")).length, 1);
  });

  it("fails at once with E_LOCKED under wait: false while a running process holds it", async () => {
    const lockDir = path.join(work.dir, "busy", ".pyvendor-lock");
    const held = await acquireRootLock(lockDir, { command: "install" });
    await assert.rejects(acquireRootLock(lockDir, { wait: false }), (err: unknown) => {
      assert.ok(isPyvendorError(err, "E_LOCKED"));
      assert.match(err.message, new RegExp(`pid ${process.pid}.*pyvendor install`));
      return true;
    });
    held.release();
    (await acquireRootLock(lockDir, { wait: false })).release();
  });

  it("takes over a lock whose holder is dead, or is another process that reused its pid", async () => {
    const lockDir = path.join(work.dir, "stale", ".pyvendor-lock");
    mkdirSync(lockDir, { recursive: true });
    const me = selfIdentity();
    writeFileSync(path.join(lockDir, "7.lock"), JSON.stringify({ ...me, pid: await deadPid(), command: "install", since: "x" }));
    const lock = await acquireRootLock(lockDir, { wait: false });
    assert.equal(lock.generation, 8);
    lock.release();
    // Same pid as a running process (this one), but another start time: not the holder.
    writeFileSync(path.join(lockDir, "9.lock"), JSON.stringify({ ...me, start: (me.start ?? 0) + 1, command: "install", since: "x" }));
    const again = await acquireRootLock(lockDir, { wait: false });
    assert.equal(again.generation, 10);
    again.release();
    assert.deepEqual(readdirSync(lockDir), ["10.lock"]);
  });
});
