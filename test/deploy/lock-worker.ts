// A lock-test worker: takes the root lock `cycles` times, logs enter/exit, and SIGKILLs itself inside at cycle `dieAt`.
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { acquireRootLock } from "../../src/deploy/lock.js";

const [lockDir, log, cyclesText, dieAtText] = process.argv.slice(2) as [string, string, string, string];
const cycles = Number(cyclesText);
const dieAt = Number(dieAtText);
for (let i = 0; i < cycles; i++) {
  const lock = await acquireRootLock(lockDir, { command: "test" });
  appendFileSync(log, `enter ${process.pid}\n`);
  await sleep(Math.random() * 3);
  if (i === dieAt) process.kill(process.pid, "SIGKILL");
  appendFileSync(log, `exit ${process.pid}\n`);
  lock.release();
}
