// Interpreter discovery: turn "3.12", "python3.12" or a path into an executable path.
import { access, constants, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PyvendorError } from "../errors.js";

export interface DiscoverOptions {
  /** Environment to read PATH and PYENV_ROOT from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function pyenvVersions(env: NodeJS.ProcessEnv): Promise<string[]> {
  const root = pyenvRoot(env);
  try {
    return (await readdir(path.join(root, "versions"))).map((v) => path.join(root, "versions", v));
  } catch {
    return [];
  }
}

function compareVersionNames(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function pyenvRoot(env: NodeJS.ProcessEnv): string {
  return env.PYENV_ROOT ?? path.join(env.HOME ?? os.homedir(), ".pyenv");
}

/**
 * A pyenv shim runs whichever version pyenv selects and fails for names that version lacks, so
 * resolve it the way pyenv would: PYENV_VERSION, else the global version file.
 */
async function resolveShim(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const root = pyenvRoot(env);
  let selected = env.PYENV_VERSION?.split(":") ?? [];
  if (selected.length === 0) {
    try {
      selected = (await readFile(path.join(root, "version"), "utf8")).split(/\s+/).filter(Boolean);
    } catch {
      return undefined;
    }
  }
  for (const version of selected) {
    const candidate = path.join(root, "versions", version, "bin", name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function searchPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (!(await isExecutable(candidate))) continue;
    if (path.basename(dir) === "shims" && dir.includes("pyenv")) {
      const resolved = await resolveShim(name, env);
      if (resolved) return resolved;
      continue;
    }
    return candidate;
  }
  return undefined;
}

/**
 * Finds an interpreter for `spec`:
 * - a path (contains a separator): used as is if executable;
 * - a version ("3.12" or "3.12.1"): `python3.12` on PATH, else the newest matching pyenv version;
 * - a name ("python3.12", "python3", "pypy3"): PATH, then pyenv versions' bin directories.
 * Throws E_PYTHON_NOT_FOUND naming what was searched.
 */
export async function findPython(spec: string, options: DiscoverOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  if (spec.includes("/") || spec.includes(path.sep)) {
    const abs = path.resolve(spec);
    if (await isExecutable(abs)) return abs;
    throw new PyvendorError("E_PYTHON_NOT_FOUND", `No executable Python interpreter at ${spec}`);
  }
  const versions = await pyenvVersions(env);
  if (/^\d+(\.\d+){0,2}$/.test(spec)) {
    const parts = spec.split(".");
    if (parts.length <= 2) {
      const onPath = await searchPath(`python${spec}`, env);
      if (onPath) return onPath;
    }
    const matching = versions
      .filter((dir) => {
        const name = path.basename(dir);
        return name === spec || name.startsWith(`${spec}.`);
      })
      .sort((a, b) => compareVersionNames(path.basename(b), path.basename(a)));
    for (const dir of matching) {
      const candidate = path.join(dir, "bin", "python");
      if (await isExecutable(candidate)) return candidate;
    }
    throw new PyvendorError("E_PYTHON_NOT_FOUND", `No Python ${spec} found on PATH or in pyenv versions`);
  }
  const onPath = await searchPath(spec, env);
  if (onPath) return onPath;
  for (const dir of versions.sort((a, b) => compareVersionNames(path.basename(b), path.basename(a)))) {
    const candidate = path.join(dir, "bin", spec);
    if (await isExecutable(candidate)) return candidate;
  }
  throw new PyvendorError("E_PYTHON_NOT_FOUND", `No interpreter named ${spec} found on PATH or in pyenv versions`);
}
