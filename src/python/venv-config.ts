// What `python -m venv` writes for a given interpreter version: pyvenv.cfg and the bin/ links (pure).
import path from "node:path";
import type { PythonInfo } from "./interpreter.js";

/** Python's repr() of a str, for `prompt = '...'` lines. */
export function pyRepr(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${q}${out}${q}`;
}

function atLeast(python: PythonInfo, minor: number): boolean {
  const [major, min] = python.versionInfo;
  return major > 3 || (major === 3 && min >= minor);
}

export interface PyvenvCfgOptions {
  python: PythonInfo;
  /** The path the venv will finally live at (the `command` line names it). */
  finalPath: string;
  prompt?: string;
  /** Whether pip is installed (the `command` line then lacks --without-pip). */
  withPip?: boolean;
}

/**
 * pyvenv.cfg as CPython's venv CLI writes it for this version: home, include-system-site-packages,
 * version, prompt (when given); 3.11+ add executable and command; 3.13+ record the default
 * `.gitignore` choice by omitting --without-scm-ignore-files.
 */
export function pyvenvCfg(options: PyvenvCfgOptions): string {
  const { python } = options;
  const lines = [
    `home = ${path.dirname(path.resolve(python.baseExecutable))}`,
    "include-system-site-packages = false",
    `version = ${python.versionInfo.join(".")}`,
  ];
  if (options.prompt !== undefined) lines.push(`prompt = ${pyRepr(options.prompt)}`);
  if (atLeast(python, 11)) {
    lines.push(`executable = ${python.realExecutable}`);
    const args: string[] = [];
    if (!options.withPip) args.push("--without-pip");
    if (options.prompt !== undefined) args.push(`--prompt="${options.prompt}"`);
    args.push(options.finalPath);
    lines.push(`command = ${python.executable} -m venv ${args.join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The `.gitignore` venv writes into a new venv on 3.13+, or undefined for older versions. */
export function venvGitignore(python: PythonInfo): string | undefined {
  return atLeast(python, 13) ? "# Created by venv; see https://docs.python.org/3/library/venv.html\n*\n" : undefined;
}

/** One symlink in bin/: `name` → `target` (absolute for the base interpreter, else a sibling). */
export interface BinLink {
  name: string;
  target: string;
}

/**
 * The interpreter links venv makes: bin/<exe name> → the base executable, then `python`,
 * `python3` (and `python3.X` from 3.9 on) → that name, skipping names already made.
 */
export function interpreterLinks(python: PythonInfo): BinLink[] {
  const base = path.resolve(python.baseExecutable);
  const exe = path.basename(base);
  const links: BinLink[] = [{ name: exe, target: base }];
  const names = ["python", `python${python.versionInfo[0]}`];
  if (atLeast(python, 9)) names.push(`python${python.versionInfo[0]}.${python.versionInfo[1]}`);
  for (const name of names) if (!links.some((l) => l.name === name)) links.push({ name, target: exe });
  return links;
}

/** Where venv puts `include`: the venv scheme's include path on 3.11+, plain `include` before. */
export function includeDir(python: PythonInfo): string {
  return atLeast(python, 11) ? (python.schemePaths.include ?? "include") : "include";
}

/** venv makes lib64 → lib on 64-bit POSIX systems other than macOS. */
export function wantsLib64Link(python: PythonInfo): boolean {
  return python.maxsize64 && python.markers.os_name === "posix" && python.markers.sys_platform !== "darwin";
}
