// Interpreter introspection: run the embedded helper once and describe a Python as plain data.
import { PyvendorError, isErrno } from "../errors.js";
import { lastLines, runProgram, type RunResult } from "../subprocess.js";
import type { MarkerEnvironment } from "../standards/markers.js";
import { INSPECT_SCRIPT } from "./inspect-script.js";

/** ELF header facts of the interpreter binary (used by manylinux ABI checks). */
export interface ElfHeader {
  class: 32 | 64;
  data: number;
  machine: number;
  flags: number;
}

/**
 * Everything pyvendor needs to know about a Python interpreter, read by the embedded script.
 * Paths in `schemePaths` are relative to the environment root (e.g. "lib/python3.11/site-packages").
 */
export interface PythonInfo {
  executable: string;
  realExecutable: string;
  /** The interpreter a venv made from this one links to (sys._base_executable). */
  baseExecutable: string;
  /** "3.11.7" (with "a1"/"b2"/"rc1" suffix for pre-releases). */
  version: string;
  versionInfo: [number, number, number];
  implementation: string;
  implementationVersion: string;
  cacheTag: string | null;
  prefix: string;
  basePrefix: string;
  isVenv: boolean;
  platlibdir: string;
  maxsize64: boolean;
  byteorder: "little" | "big";
  markers: MarkerEnvironment;
  /** sysconfig.get_platform(), e.g. "linux-x86_64". */
  sysconfigPlatform: string;
  /** Selected sysconfig config vars (null when unset). */
  configVars: Record<string, string | number | null>;
  hasGettotalrefcount: boolean;
  /** importlib.machinery.EXTENSION_SUFFIXES. */
  extensionSuffixes: string[];
  glibc: [number, number] | null;
  musl: [number, number] | null;
  elf: ElfHeader | null;
  scheme: string;
  /** purelib, platlib, scripts, data, include, ... relative to the environment root. */
  schemePaths: Record<string, string | null>;
  /** Where a wheel's .data/headers go, relative to the root (pip's venv layout, without the dist name). */
  headersDir: string;
  macVersion: string | null;
}

/**
 * Runs `executable` once with the embedded script (in `options.env`, default process.env) and
 * returns its description.
 * Throws E_PYTHON_NOT_FOUND when it cannot be started, E_PYTHON_UNSUPPORTED for Python < 3.8,
 * E_PYTHON_INSPECT_FAILED when it runs but does not answer.
 */
export async function inspectPython(executable: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<PythonInfo> {
  let result: RunResult;
  try {
    result = await runProgram(executable, ["-E", "-s", "-S", "-c", INSPECT_SCRIPT], {
      env: { ...(options.env ?? process.env), PYTHONIOENCODING: "utf-8" },
      timeoutMs: 60_000,
    });
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "EACCES")) {
      throw new PyvendorError("E_PYTHON_NOT_FOUND", `Python interpreter not found: ${executable}`);
    }
    throw new PyvendorError("E_PYTHON_INSPECT_FAILED", `Could not run the Python interpreter ${executable}`, { cause: err });
  }
  if (result.exitCode !== 0) {
    const tail = lastLines(result.stderr, 5);
    throw new PyvendorError("E_PYTHON_INSPECT_FAILED", `Could not inspect the Python interpreter ${executable}`, {
      cause: new Error(tail || `exit status ${result.exitCode ?? result.signal ?? "unknown"}`),
    });
  }
  const stdout = result.stdout;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err: unknown) {
    throw new PyvendorError("E_PYTHON_INSPECT_FAILED", `The Python interpreter ${executable} gave no description`, {
      cause: err,
    });
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.unsupported === "string") {
    throw new PyvendorError(
      "E_PYTHON_UNSUPPORTED",
      `Python ${record.unsupported} at ${executable} is not supported (pyvendor needs Python 3.8 or newer)`,
    );
  }
  return parsed as PythonInfo;
}

/** "cp311"-style short tag of the interpreter, for names and cache keys. */
export function pythonTag(info: PythonInfo): string {
  const short = info.implementation === "cpython" ? "cp" : info.implementation === "pypy" ? "pp" : info.implementation;
  return `${short}${info.versionInfo[0]}${info.versionInfo[1]}`;
}
