// The escape-hatch build frontend: `python -m pip wheel --no-deps` against the same indexes.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { lastLines, runProgram } from "../subprocess.js";
import type { PythonInfo } from "../python/interpreter.js";

export interface PipBuildOptions {
  sdistPath: string;
  project: string;
  version: string;
  python: PythonInfo;
  /** Directory for the built wheel (created; must be empty or absent). */
  outDir: string;
  /** Where the full build log goes. */
  logFile: string;
  /** pip arguments selecting the indexes: --index-url, --extra-index-url, --find-links, ... */
  indexArgs: string[];
  /** PEP 517 config settings, passed as --config-settings KEY=VALUE. */
  configSettings: Record<string, string[]>;
  noBuildIsolation: boolean;
  env: NodeJS.ProcessEnv;
}

export interface PipBuildResult {
  wheelPath: string;
  /** Build requirements pip installed, `name==version`, sorted. */
  buildRequirements: string[];
}

/** "Successfully installed setuptools-84.0.0 wheel-0.38.4" → ["setuptools==84.0.0", "wheel==0.38.4"]. */
export function parseInstalledLine(log: string): string[] {
  const found = new Set<string>();
  for (const match of log.matchAll(/Successfully installed (.+)$/gm)) {
    for (const item of (match[1] ?? "").trim().split(/\s+/)) {
      const dash = item.lastIndexOf("-");
      if (dash > 0) found.add(`${item.slice(0, dash).toLowerCase().replace(/[-_.]+/g, "-")}==${item.slice(dash + 1)}`);
    }
  }
  return [...found].sort();
}

/**
 * Builds one wheel with pip. Throws E_BUILD_FAILED with the log's last lines and its path;
 * the full log is always written to `logFile`.
 */
export async function buildWithPip(options: PipBuildOptions): Promise<PipBuildResult> {
  await rm(options.outDir, { recursive: true, force: true });
  await mkdir(options.outDir, { recursive: true });
  const args = ["-m", "pip", "wheel", "-v", "--no-deps", "--no-cache-dir", "--disable-pip-version-check", "--no-input"];
  args.push("-w", options.outDir, ...options.indexArgs);
  if (options.noBuildIsolation) args.push("--no-build-isolation");
  for (const [key, values] of Object.entries(options.configSettings)) {
    for (const value of values) args.push("--config-settings", `${key}=${value}`);
  }
  args.push(options.sdistPath);
  const result = await runProgram(options.python.executable, args, { env: options.env, all: true });
  const log = result.all;
  await mkdir(path.dirname(options.logFile), { recursive: true });
  await writeFile(options.logFile, log);
  const wheels = (await readdir(options.outDir)).filter((f) => f.endsWith(".whl"));
  if (result.exitCode !== 0 || wheels.length !== 1 || !wheels[0]) {
    throw new PyvendorError(
      "E_BUILD_FAILED",
      `Building ${options.project} ${options.version} with pip failed (exit status ${result.exitCode ?? "unknown"})`,
      {
        cause: new Error(`last lines of the build log:\n${lastLines(log, 15)}\nfull log: ${options.logFile}`),
        data: { project: options.project, version: options.version, log: options.logFile },
      },
    );
  }
  return { wheelPath: path.join(options.outDir, wheels[0]), buildRequirements: parseInstalledLine(log) };
}
