// The escape-hatch build frontend: `python -m pip wheel --no-deps` against the same indexes.
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { lastLines, runProgram } from "../subprocess.js";
import type { PythonInfo } from "../python/interpreter.js";
import { BUILD_UMASK, prefixMapFlags, reproducibleEnv, type PrefixMapStyle } from "./reproducible.js";

/** The name compiled files record for the directory pip builds in (its sources and its build environment). */
export const REPRODUCIBLE_PIP_DIR = "/pyvendor-build/pip";

/**
 * Runs pip as `python -c PIP_LAUNCHER ARGS...` so that a build's temp directories get the same
 * names every run: pip names them with tempfile's random sequence, which is seeded here (the
 * directory is fresh for each build, so no name collides), and the umask is BUILD_UMASK. Where
 * tempfile's internals differ (not seen in 3.8-3.13), pip runs as usual.
 */
export const PIP_LAUNCHER = String.raw`
import os, random, runpy, sys, tempfile
os.umask(${BUILD_UMASK})
try:
    class _Names(tempfile._RandomNameSequence):
        @property
        def rng(self):
            if getattr(self, "_pyvendor_rng", None) is None:
                self._pyvendor_rng = random.Random(0)
            return self._pyvendor_rng
    tempfile._name_sequence = _Names()
except AttributeError:
    pass
sys.argv = ["pip"] + sys.argv[1:]
runpy.run_module("pip", run_name="__main__", alter_sys=True)
`;

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
  /** How the compiler takes prefix maps (probePrefixMapStyle); "none" passes no flags. */
  prefixMapStyle: PrefixMapStyle;
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
  const args = ["wheel", "-v", "--no-deps", "--no-cache-dir", "--disable-pip-version-check", "--no-input"];
  args.push("-w", path.resolve(options.outDir), ...options.indexArgs);
  if (options.noBuildIsolation) args.push("--no-build-isolation");
  for (const [key, values] of Object.entries(options.configSettings)) {
    for (const value of values) args.push("--config-settings", `${key}=${value}`);
  }
  args.push(path.resolve(options.sdistPath));
  // pip's temp directories (the unpacked sources, the isolated environment) go into a fresh
  // directory of ours that compilers record under a fixed name, and pip runs there.
  const tmp = await mkdtemp(path.join(path.dirname(options.outDir), "pip-tmp-"));
  let result;
  try {
    const maps = [...new Set([tmp, await realpath(tmp)])].map((from) => ({ from, to: REPRODUCIBLE_PIP_DIR }));
    const { flags } = prefixMapFlags(maps, options.prefixMapStyle);
    const env = { ...reproducibleEnv(options.env, flags), TMPDIR: tmp };
    result = await runProgram(options.python.executable, ["-c", PIP_LAUNCHER, ...args], { env, cwd: tmp, all: true, processGroup: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
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
