// Health checks (--check): shell commands run with a release's venv activated before it is switched to.
import { spawn } from "node:child_process";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import type { EventSink } from "../events.js";
import { trackChild } from "../interrupt.js";

export interface CheckOptions {
  /** The release (venv) directory. */
  venv: string;
  /** Base environment (VIRTUAL_ENV and PATH are set on top; PYTHONHOME is removed). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Lines of output kept for the error (default 20). */
  tailLines?: number;
  events?: EventSink;
}

export interface CheckResult {
  command: string;
  ms: number;
}

/** The environment `activate` would give: VIRTUAL_ENV, bin/ first on PATH, no PYTHONHOME. */
export function activatedEnv(venv: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, VIRTUAL_ENV: venv, PATH: [path.join(venv, "bin"), env.PATH].filter(Boolean).join(path.delimiter) };
  delete out.PYTHONHOME;
  return out;
}

function runOne(command: string, options: CheckOptions): Promise<{ status: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: options.cwd ?? process.cwd(),
      env: activatedEnv(options.venv, options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    trackChild(child);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, output }));
  });
}

/**
 * Runs each command through `/bin/sh -c` in the activated venv, one after another. Throws
 * E_CHECK_FAILED for the first that exits non-zero, with its command, exit status and the last
 * lines of its output (stdout and stderr together).
 */
export async function runChecks(commands: string[], options: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const command of commands) {
    const start = performance.now();
    const { status, signal, output } = await runOne(command, options);
    if (status !== 0) {
      const tail = output.trimEnd().split("\n").slice(-(options.tailLines ?? 20));
      const how = signal ? `was killed by ${signal}` : `exited with status ${status}`;
      throw new PyvendorError(
        "E_CHECK_FAILED",
        `Health check \`${command}\` ${how}${tail.length && tail[0] !== "" ? `; last lines of its output:\n${tail.map((l) => `  ${l}`).join("\n")}` : " (no output)"}`,
        { data: { command, status, signal, output: tail } },
      );
    }
    const ms = Math.round(performance.now() - start);
    options.events?.({ type: "info", message: `check passed: ${command} (${ms} ms)` });
    results.push({ command, ms });
  }
  return results;
}
