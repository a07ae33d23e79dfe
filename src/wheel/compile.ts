// Bytecode compilation in a pool of Python processes, each compiling the paths it reads on stdin.
import { spawn } from "node:child_process";
import os from "node:os";
import { PyvendorError } from "../errors.js";
import { trackChild } from "../interrupt.js";
import { lastLines } from "../subprocess.js";

/**
 * How .pyc files are validated at import (PEP 552). "timestamp" (the default, as pip and
 * compileall do unless SOURCE_DATE_EPOCH is set): source edits are picked up; "checked-hash":
 * reproducible bytes, source hashed at import; "unchecked-hash": reproducible and never rechecked.
 */
export type Invalidation = "default" | "timestamp" | "checked-hash" | "unchecked-hash";

const HELPER = String.raw`
import importlib.util, json, py_compile, sys
mode = sys.argv[1]
inv = None if mode == "default" else getattr(py_compile.PycInvalidationMode, mode.upper().replace("-", "_"))
for line in sys.stdin:
    src, dfile = json.loads(line)
    try:
        py_compile.compile(src, dfile=dfile, doraise=True, invalidation_mode=inv)
        out = {"ok": importlib.util.cache_from_source(src)}
    except (py_compile.PyCompileError, SyntaxError, UnicodeDecodeError, ValueError) as e:
        out = {"error": str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__}
    sys.stdout.write(json.dumps([src, out]) + "\n")
`;

export interface CompileJob {
  /** Absolute path of the .py file as it is now (in the staging dir). */
  source: string;
  /** The path recorded in the bytecode (where the file will finally be). */
  displayPath: string;
}

export interface CompileResult {
  /** Source path → written .pyc path. */
  compiled: Map<string, string>;
  /** Sources that do not compile (syntax errors for this Python are normal in some packages). */
  failed: { source: string; error: string }[];
}

function runWorker(python: string, jobs: CompileJob[], invalidation: Invalidation, result: CompileResult): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-I", "-S", "-c", HELPER, invalidation], { stdio: ["pipe", "pipe", "pipe"] });
    trackChild(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      let nl: number;
      while ((nl = stdout.indexOf("\n")) >= 0) {
        const [source, out] = JSON.parse(stdout.slice(0, nl)) as [string, { ok?: string; error?: string }];
        stdout = stdout.slice(nl + 1);
        if (out.ok) result.compiled.set(source, out.ok);
        else result.failed.push({ source, error: out.error ?? "unknown error" });
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new PyvendorError("E_INTERNAL", `Bytecode compilation with ${python} exited with ${code}`, { cause: new Error(lastLines(stderr, 3)) }));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(jobs.map((j) => `${JSON.stringify([j.source, j.displayPath])}\n`).join(""));
  });
}

/**
 * Compiles `jobs` with `python` in up to `workers` processes (default: the number of cores).
 * Sources that fail to compile are reported, not thrown, as pip does.
 */
export async function compileBytecode(options: { python: string; jobs: CompileJob[]; workers?: number; invalidation?: Invalidation }): Promise<CompileResult> {
  const result: CompileResult = { compiled: new Map(), failed: [] };
  if (options.jobs.length === 0) return result;
  const workers = Math.max(1, Math.min(options.workers ?? os.availableParallelism(), Math.ceil(options.jobs.length / 20)));
  const chunks: CompileJob[][] = Array.from({ length: workers }, () => []);
  options.jobs.forEach((job, i) => chunks[i % workers]?.push(job));
  await Promise.all(chunks.map((chunk) => runWorker(options.python, chunk, options.invalidation ?? "default", result)));
  return result;
}
