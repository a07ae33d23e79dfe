// Runs one command and measures it: wall-clock milliseconds and the peak resident set size of its process tree.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** GNU time: `-f %M` prints the largest resident set (KiB) of any process in the waited tree. */
const GNU_TIME = "/usr/bin/time";

/** How peak memory is read on this machine, for the report. */
export const rssMethod: string = existsSync(GNU_TIME)
  ? "GNU time %M: largest RSS of any single process in the command's tree"
  : "VmHWM of the top process, polled every 10 ms (install Debian's `time` package for whole-tree numbers)";

export interface Command {
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Measurement {
  ms: number;
  /** Peak RSS in KiB, when it could be read. */
  maxRssKiB?: number;
  exitCode: number;
  /** The last lines of stderr and stdout, for failure reports and checks. */
  stdoutTail: string;
  stderrTail: string;
}

const TAIL = 4000;
let counter = 0;

async function pollVmHwm(pid: number, done: () => boolean): Promise<number | undefined> {
  let peak: number | undefined;
  while (!done()) {
    try {
      const m = /^VmHWM:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, "utf8"));
      if (m) peak = Math.max(peak ?? 0, Number(m[1]));
    } catch {
      // The process has exited between two polls.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return peak;
}

/**
 * Runs `command` to completion and returns its wall time (spawn to exit, in ms), exit code, peak
 * RSS and output tails. Never throws for a failing command; the caller decides what a non-zero
 * exit means. Output is kept only as tails, so chatty commands cost no memory here.
 */
export async function measure(command: Command): Promise<Measurement> {
  const [file, ...args] = command.argv;
  if (!file) throw new Error("measure: empty argv");
  const timeFile = path.join(os.tmpdir(), `pyvendor-bench-rss-${process.pid}-${counter++}`);
  const wrapped = existsSync(GNU_TIME) ? [GNU_TIME, "-o", timeFile, "-f", "%M", file, ...args] : [file, ...args];
  let stdout = "";
  let stderr = "";
  let exited = false;
  const start = performance.now();
  const child = spawn(wrapped[0] as string, wrapped.slice(1), { cwd: command.cwd, env: command.env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (c: Buffer) => (stdout = (stdout + c.toString()).slice(-TAIL)));
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-TAIL)));
  const polled = existsSync(GNU_TIME) || child.pid === undefined ? Promise.resolve(undefined) : pollVmHwm(child.pid, () => exited);
  const exitCode = await new Promise<number>((resolve) => {
    child.on("error", (err) => {
      stderr += String(err);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const ms = performance.now() - start;
  exited = true;
  await new Promise<void>((resolve) => (child.stdout.readableEnded ? resolve() : child.stdout.on("close", () => resolve())));
  let maxRssKiB = await polled;
  if (existsSync(timeFile)) {
    const text = await readFile(timeFile, "utf8");
    // GNU time prefixes "Command exited with non-zero status N" lines; the number is the last line.
    const last = text.trim().split("\n").at(-1);
    if (last && /^\d+$/.test(last)) maxRssKiB = Number(last);
    await rm(timeFile, { force: true });
  }
  return { ms, exitCode, stdoutTail: stdout, stderrTail: stderr, ...(maxRssKiB !== undefined ? { maxRssKiB } : {}) };
}

/** Runs commands one after another (stopping at the first failure); times and exit codes add up, RSS is the max. */
export async function measureSteps(commands: Command[]): Promise<Measurement> {
  let total: Measurement = { ms: 0, exitCode: 0, stdoutTail: "", stderrTail: "" };
  for (const command of commands) {
    const m = await measure(command);
    const rss = Math.max(total.maxRssKiB ?? 0, m.maxRssKiB ?? 0);
    total = { ms: total.ms + m.ms, exitCode: m.exitCode, stdoutTail: m.stdoutTail, stderrTail: m.stderrTail, ...(rss > 0 ? { maxRssKiB: rss } : {}) };
    if (m.exitCode !== 0) break;
  }
  return total;
}
