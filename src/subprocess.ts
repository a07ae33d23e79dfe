// Running a program and collecting its output: a thin promise over child_process.spawn.
// (execa costs ~70 ms to import; install and rollback must start fast, so hot paths use this.)
import { spawn } from "node:child_process";
import { trackChild } from "./interrupt.js";

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, which is then closed (default: stdin is empty). */
  input?: string;
  /** Kill the process (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** Also collect stdout and stderr interleaved, in arrival order, as `all`. */
  all?: boolean;
  /** Run it in its own process group, so that an interrupt kills it with everything it started (builds). */
  processGroup?: boolean;
}

export interface RunResult {
  /** Exit status, or null when killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  all: string;
  timedOut: boolean;
}

/**
 * Runs `command args` without a shell and resolves when it exits, whatever the status.
 * Rejects only when the program cannot be started (the error has `code`, e.g. "ENOENT").
 */
export function runProgram(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.processGroup ? { detached: true } : {}),
    });
    trackChild(child);
    let stdout = "";
    let stderr = "";
    let all = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (options.all) all += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (options.all) all += d;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on("close", (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, all, timedOut });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** The last `count` non-empty lines of a program's output or log, for error messages. */
export function lastLines(text: string, count: number): string {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(-count).join("\n");
}
