// Batched access to Python's `packaging` (the reference implementation) for differential tests.
import { spawn } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findPython } from "../../src/python/discover.js";
import { cleanEnv } from "./env.js";
import { repoRoot } from "./paths.js";

/** The packaging release every differential test compares against. */
export const PACKAGING_VERSION = "26.2";

/** One answer: `ok` holds the result, or `err` names the exception packaging raised. */
export type OracleAnswer<T = unknown> = { ok: T; err?: undefined } | { ok?: undefined; err: string; msg: string };

/** A request line: `op` selects the operation in packaging_oracle.py; other keys are its arguments. */
export type OracleRequest = { op: string } & Record<string, unknown>;

const ORACLE_SCRIPT = path.join(repoRoot, "test", "helpers", "packaging_oracle.py");

/**
 * The environment for every Python a test starts: no PIP_* variable at all except
 * PIP_CONFIG_FILE=/dev/null, no user site, no PYTHON* leakage.
 */
export function pythonEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({ PIP_NO_INPUT: undefined, PIP_DISABLE_PIP_VERSION_CHECK: undefined });
  for (const key of Object.keys(env)) {
    if (key.startsWith("PIP_") && key !== "PIP_CONFIG_FILE") delete env[key];
    if (key.startsWith("PYTHON")) delete env[key];
  }
  env.PYTHONNOUSERSITE = "1";
  env.PYTHONIOENCODING = "utf-8";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

let referencePython: Promise<string> | undefined;

/** The interpreter whose site-packages holds packaging 26.2 (Python 3.11 on the test machine). */
export function oraclePython(): Promise<string> {
  referencePython ??= findPython(process.env.PYVENDOR_ORACLE_PYTHON ?? "3.11");
  return referencePython;
}

export interface RunOracleOptions {
  /** Interpreter to run (default: oraclePython()). */
  python?: string;
  /** Extra environment (e.g. PYTHONPATH for an interpreter without packaging installed). */
  env?: Record<string, string | undefined>;
}

/**
 * Sends every request to ONE Python process (JSON lines in, JSON lines out) and returns the
 * answers in order. Rejects when the process fails or answers a different number of lines.
 */
export async function askPackaging<T = unknown>(
  requests: OracleRequest[],
  options: RunOracleOptions = {},
): Promise<OracleAnswer<T>[]> {
  const python = options.python ?? (await oraclePython());
  const child = spawn(python, ["-s", "-W", "ignore", ORACLE_SCRIPT], {
    env: pythonEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const done = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  child.stdin.end(requests.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const code = await done;
  const text = Buffer.concat(out).toString("utf8");
  if (code !== 0) throw new Error(`oracle exited with ${code}: ${Buffer.concat(err).toString("utf8").slice(-2000)}`);
  const answers = text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as OracleAnswer<T>);
  if (answers.length !== requests.length) {
    throw new Error(`oracle answered ${answers.length} of ${requests.length} requests`);
  }
  return answers;
}

/** Checks that the reference interpreter has the packaging release the tests are written for. */
export async function assertOracleVersion(): Promise<void> {
  const [answer] = await askPackaging<{ packaging: string }>([{ op: "info" }]);
  if (answer?.ok?.packaging !== PACKAGING_VERSION) {
    throw new Error(`the reference python has packaging ${JSON.stringify(answer)}, expected ${PACKAGING_VERSION}`);
  }
}

/**
 * A private copy of the reference packaging package, for PYTHONPATH in other interpreters
 * (packaging is pure Python and runs on 3.8+).
 */
export async function packagingCopy(): Promise<string> {
  const python = await oraclePython();
  const [answer] = await askPackaging<string>([{ op: "location" }], { python });
  if (answer?.ok === undefined) throw new Error("cannot locate packaging");
  const dir = await mkdtemp(path.join(os.tmpdir(), "pyvendor-packaging-"));
  await cp(answer.ok, path.join(dir, "packaging"), { recursive: true });
  return dir;
}
