// Runs the real pyvendor binary (bin/pyvendor.js) as a child process, without blocking the event loop.
import { spawn } from "node:child_process";
import { cliPath } from "./paths.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `pyvendor ...args` with `env` (use cleanEnv) and resolves when it exits. */
export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<CliResult> {
  return runProcess(process.execPath, [cliPath, ...args], options);
}

/** Runs `pyvendor ...args` under `umask` (octal text, e.g. "0077"), through sh: a process cannot set its child's umask otherwise. */
export function runCliWithUmask(args: string[], umask: string, options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CliResult> {
  return runProcess("sh", ["-c", `umask ${umask} && exec "$0" "$@"`, process.execPath, cliPath, ...args], options);
}

/** Runs any program the same way. */
export function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
