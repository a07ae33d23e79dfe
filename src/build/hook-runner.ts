// Drives the embedded hook runner: one Python process per build environment, hooks called one at a time.
import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { trackChild } from "../interrupt.js";
import { HOOK_SCRIPT } from "./hook-script.js";

/** A build log file that is also split into lines for progress events. */
export interface BuildLog {
  path: string;
  write(text: string): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens (truncating) the log at `file`; `onLine` receives each complete line written. */
export async function openBuildLog(file: string, onLine?: (line: string) => void): Promise<BuildLog> {
  await mkdir(path.dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: "w" });
  let partial = "";
  let closed = false;
  return {
    path: file,
    write(text) {
      if (closed) return;
      stream.write(text);
      if (!onLine) return;
      const parts = (partial + text).split(/\r?\n|\r/);
      partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim() !== "") onLine(line);
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      if (onLine && partial.trim() !== "") onLine(partial);
      return new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}

/** A hook's answer; failures carry the traceback (also written to the log). */
export type HookAnswer =
  | { ok: true; value: unknown }
  | { ok: false; kind: "missing-hook" | "backend-unavailable" | "backend-invalid" | "hook-failed"; message: string };

export interface HookRunner {
  /** Calls a PEP 517 hook with keyword arguments. Never throws for backend failures: see HookAnswer. */
  call(hook: string, kwargs: Record<string, unknown>): Promise<HookAnswer>;
  /** Installed versions of the given normalized names (for builds without isolation). */
  versions(names: string[]): Promise<Record<string, string>>;
  /** Ends the process (waits for it). */
  close(): Promise<void>;
}

export interface HookRunnerOptions {
  /** The interpreter to run (a build environment's bin/python, or the target's without isolation). */
  python: string;
  /** The unpacked source tree. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  backend: string;
  backendPath: string[];
  /** The umask of the process and its children (BUILD_UMASK for reproducible modes); inherited when absent. */
  umask?: number;
  log: BuildLog;
}

/** Starts the runner process. Its stdout and stderr go to the log. */
export function startHookRunner(options: HookRunnerOptions): HookRunner {
  const spec = JSON.stringify({ backend: options.backend, backend_path: options.backendPath, ...(options.umask !== undefined ? { umask: options.umask } : {}) });
  // Its own process group (detached), so that an interrupt kills the backend and every compiler it runs.
  const child = spawn(options.python, ["-s", "-u", "-c", HOOK_SCRIPT, spec], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    detached: true,
  });
  trackChild(child);
  const log = options.log;
  child.stdout?.setEncoding("utf8").on("data", (d: string) => log.write(d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => log.write(d));
  const answers = child.stdio[3] as NodeJS.ReadableStream;
  const waiting: ((answer: HookAnswer) => void)[] = [];
  let buffered = "";
  let exit: string | undefined;
  answers.setEncoding("utf8");
  answers.on("data", (d: string) => {
    buffered += d;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(JSON.parse(line) as HookAnswer);
    }
  });
  const exited = new Promise<void>((resolve) => {
    const finish = (description: string) => {
      exit ??= description;
      for (const resolveOne of waiting.splice(0)) {
        resolveOne({ ok: false, kind: "hook-failed", message: `the build process ${exit}` });
      }
      resolve();
    };
    child.on("error", (err) => finish(`could not start: ${err.message}`));
    child.on("close", (code, signal) => finish(signal ? `was killed by ${signal}` : `exited with status ${code ?? "unknown"}`));
  });
  child.stdin?.on("error", () => undefined);

  const send = (command: Record<string, unknown>): Promise<HookAnswer> =>
    new Promise((resolve) => {
      if (exit !== undefined) {
        resolve({ ok: false, kind: "hook-failed", message: `the build process ${exit}` });
        return;
      }
      waiting.push(resolve);
      child.stdin?.write(`${JSON.stringify(command)}\n`);
    });

  return {
    call: (hook, kwargs) => send({ hook, kwargs }),
    async versions(names) {
      const answer = await send({ hook: "_versions", names });
      return answer.ok ? (answer.value as Record<string, string>) : {};
    },
    async close() {
      if (exit === undefined) {
        child.stdin?.write(`${JSON.stringify({ hook: "_exit" })}\n`);
        child.stdin?.end();
      }
      await exited;
    },
  };
}
