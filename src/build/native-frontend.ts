// pyvendor's own PEP 517 frontend: unpack, resolve build requirements, reuse a cached environment, run the hooks.
import { mkdir, mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import path from "node:path";
import type { Cache } from "../cache/cache.js";
import type { EventSink } from "../events.js";
import type { Target } from "../python/target.js";
import { evaluateMarker } from "../standards/markers.js";
import { normalizeName } from "../standards/names.js";
import { parseRequirement } from "../standards/requirement.js";
import { versionSatisfies } from "../standards/version.js";
import { explainBuildFailure, HOOK_ERROR_MARKER, type BuildFailure } from "./build-failure.js";
import type { BuildEnvStore, EnvWheel } from "./build-env.js";
import { readBuildSystem, type BuildSystem } from "./build-system.js";
import { openBuildLog, startHookRunner, type BuildLog, type HookAnswer, type HookRunner } from "./hook-runner.js";
import { buildRequirementWheel, type RequirementBuilds } from "./requirement-builds.js";
import { BUILD_UMASK, prefixMapFlags, probePrefixMapStyle, reproducibleEnv, type PrefixMap, type PrefixMapStyle } from "./reproducible.js";
import { resolveBuildRequirements, type RequirementSource } from "./resolve-requirements.js";
import { unpackSdist } from "./sdist-archive.js";
import type { SystemPackages } from "./system-packages.js";

/** The names compiled files record for the source directory and for the build environments. */
export const REPRODUCIBLE_SOURCE_DIR = "/pyvendor-build/src";
export const REPRODUCIBLE_ENVS_DIR = "/pyvendor-build/envs";

export interface NativeFrontendOptions {
  cache: Cache;
  /** Build requirements come from here (the pack's indexes and cache). */
  source: Omit<RequirementSource, "buildSdist">;
  envs: BuildEnvStore;
  packages: SystemPackages;
  /** PEP 517 config_settings: one value → a string, several → a list. */
  configSettings: Record<string, string[]>;
  /** false: run the hooks with the target interpreter and its own packages (--no-build-isolation). */
  isolation: boolean;
  /** Environment of build processes (SOURCE_DATE_EPOCH already set). */
  env: NodeJS.ProcessEnv;
  /** Scratch space for unpacked sources (removed by the caller). */
  workDir: string;
  /** Built-wheel cache settings key, for build requirements built from sdists. */
  settingsKey: string;
  events: EventSink;
  /** Allow pre-release build requirements. */
  pre?: boolean;
  /**
   * "shared" (default): build_wheel runs in the process that ran get_requires_for_build_wheel
   * when no new requirements came up, which saves a backend import and, for setuptools, a
   * third of the build time; "fresh": a new process per hook, as PEP 517 recommends.
   */
  hookProcess?: "shared" | "fresh";
}

/** One sdist to build for one target. */
export interface SdistBuild {
  sdistPath: string;
  sdistFilename: string;
  sdistSha256: string;
  project: string;
  version: string;
  target: Target;
  /** Directory for the wheel (created if needed). */
  outDir: string;
  logFile: string;
}

export interface NativeBuildResult {
  wheelPath: string;
  /** What the build environment held (`name==version`, sorted). */
  buildRequirements: string[];
}

/** What prepare_metadata_for_build_wheel wrote: the METADATA file's text. */
export interface PreparedMetadata {
  metadata: string;
}

export interface NativeFrontend {
  /** Builds one wheel. Throws E_BUILD_FAILED, E_BUILD_MISSING_SYSTEM_PACKAGE, E_BUILD_BACKEND, E_BUILD_CYCLE and resolution errors. */
  build(request: SdistBuild): Promise<NativeBuildResult>;
  /**
   * The core metadata of the wheel `request` would build, as pip gets it for resolving: the
   * backend's prepare_metadata_for_build_wheel (no compiling), or, for a backend without that
   * hook, a whole build (its wheel returned). Throws what build throws.
   */
  metadata(request: SdistBuild): Promise<PreparedMetadata | NativeBuildResult>;
}

class HookFailure extends Error {
  constructor(readonly failure: BuildFailure) {
    super(failure.message);
  }
}

/** PEP 517 config_settings from repeated KEY=VALUE flags: one value stays a string, several become a list (as pip does). */
export function configSettingsDict(settings: Record<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(settings)) out[key] = values.length === 1 ? (values[0] as string) : values;
  return out;
}

/**
 * The hooks' environment: no user site, no PYTHONPATH. In a build environment (`binDir`), its
 * scripts come first on PATH and bytecode is written even under PYTHONDONTWRITEBYTECODE: the
 * .pyc files land in the cached environment, so the next build imports its backend faster.
 */
function hookEnv(base: NodeJS.ProcessEnv, binDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, PYTHONNOUSERSITE: "1", PYTHONIOENCODING: "utf-8" };
  for (const key of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "VIRTUAL_ENV", "__PYVENV_LAUNCHER__"]) delete env[key];
  if (binDir) {
    env.PATH = [binDir, base.PATH].filter(Boolean).join(path.delimiter);
    delete env.PYTHONDONTWRITEBYTECODE;
  }
  return env;
}

/** The hook's value; a failure's traceback goes to the log (after HOOK_ERROR_MARKER) and is thrown. */
function value<T>(hook: string, answer: HookAnswer, log: BuildLog, fallback?: T): T {
  if (answer.ok) return answer.value as T;
  if (answer.kind === "missing-hook" && fallback !== undefined) return fallback;
  log.write(`\n${HOOK_ERROR_MARKER}${hook}:\n${answer.message.trimEnd()}\n`);
  throw new HookFailure({ kind: answer.kind, message: answer.message });
}

/** True when `installed` already satisfies every requirement that applies (no new environment needed). */
function satisfiedBy(requirements: string[], installed: EnvWheel[], target: Target): boolean {
  return requirements.every((text) => {
    const req = parseRequirement(text);
    if (req.marker && !evaluateMarker(req.marker, { ...target.markers, extra: "" })) return true;
    const have = installed.find((w) => w.name === normalizeName(req.name));
    return have !== undefined && req.extras.length === 0 && (req.specifier === "" || versionSatisfies(have.version, req.specifier, { prereleases: true }));
  });
}

/** Creates the frontend. Resolutions and requirement builds are shared by all its builds. */
export function createNativeFrontend(options: NativeFrontendOptions): NativeFrontend {
  const resolutions = new Map<string, Promise<EnvWheel[]>>();
  const requirementBuilds: RequirementBuilds = new Map();

  const resolve = (requires: string[], target: Target, stack: string[]): Promise<EnvWheel[]> => {
    // Nested resolutions (for a build requirement built from an sdist) are keyed by their chain too:
    // sharing an outer resolution still in progress would wait on itself instead of finding the cycle.
    const chain = stack.length > 1 ? `${stack.join(" > ")}\n` : "";
    const key = `${chain}${target.manifest.id}\n${[...requires].sort().join("\n")}`;
    let pending = resolutions.get(key);
    if (!pending) {
      const source: RequirementSource = {
        ...options.source,
        buildSdist: (file, local) => buildRequirementWheel({ file, local, target, stack, builds: requirementBuilds, build, cache: options.cache, settingsKey: options.settingsKey, workDir: options.workDir, events: options.events }),
      };
      pending = resolveBuildRequirements(requires, target, source, { requiredBy: stack.at(-1) ?? "?", ...(options.pre ? { pre: true } : {}) });
      resolutions.set(key, pending);
      pending.catch(() => resolutions.delete(key));
    }
    return pending;
  };

  /**
   * As pip does: prepare_metadata_for_build_wheel into `metadataDir` where the backend has it,
   * and the directory it names is passed to build_wheel (setuptools then regenerates a stale
   * *.egg-info the sdist carries instead of copying it). Returns that directory, or null.
   */
  async function prepareMetadata(runner: HookRunner, metadataDir: string, config: Record<string, string | string[]>, log: BuildLog): Promise<string | null> {
    const answer = await runner.call("prepare_metadata_for_build_wheel", { metadata_directory: metadataDir, config_settings: config });
    if (!answer.ok && answer.kind === "missing-hook") return null;
    const name = value<unknown>("prepare_metadata_for_build_wheel", answer, log);
    if (typeof name !== "string" || !name.endsWith(".dist-info") || name.includes("/") || name.includes("\\")) {
      throw new HookFailure({ kind: "hook-failed", message: `prepare_metadata_for_build_wheel returned ${JSON.stringify(name)}, not a .dist-info directory name` });
    }
    log.write(`pyvendor: prepare_metadata_for_build_wheel: ${name}\n`);
    return path.join(metadataDir, name);
  }

  async function runHooks(
    request: SdistBuild,
    root: string,
    system: BuildSystem,
    log: BuildLog,
    at: { stack: string[]; metadataDir: string; buildEnv: NodeJS.ProcessEnv; metadataOnly: boolean },
  ): Promise<NativeBuildResult | PreparedMetadata> {
    const { stack, metadataDir, buildEnv } = at;
    const { target } = request;
    const config = configSettingsDict(options.configSettings);
    const start = (python: string, binDir?: string): HookRunner =>
      startHookRunner({ python, cwd: root, env: hookEnv(buildEnv, binDir), backend: system.backend, backendPath: system.backendPath, umask: BUILD_UMASK, log });
    let installed: EnvWheel[] = [];
    let python = target.info.executable;
    let binDir: string | undefined;
    if (options.isolation) {
      installed = await resolve(system.requires, target, stack);
      const env = await options.envs.ensure(target.info, installed);
      log.write(`pyvendor: build environment ${env.dir} (${env.created ? "created" : "reused"}): ${env.requirements.join(" ") || "(empty)"}\n`);
      python = env.python;
      binDir = path.dirname(env.python);
    } else {
      log.write(`pyvendor: no build isolation: using ${target.info.executable} and its packages\n`);
    }
    let runner = start(python, binDir);
    try {
      const extra = value<unknown>("get_requires_for_build_wheel", await runner.call("get_requires_for_build_wheel", { config_settings: config }), log, []);
      if (!Array.isArray(extra) || !extra.every((r) => typeof r === "string")) {
        throw new HookFailure({ kind: "hook-failed", message: `get_requires_for_build_wheel returned ${JSON.stringify(extra)}, not a list of strings` });
      }
      if (extra.length) log.write(`pyvendor: get_requires_for_build_wheel: ${extra.join(", ")}\n`);
      if (!options.isolation) {
        const wanted = [...system.requires, ...extra].map((r) => normalizeName(parseRequirement(r).name));
        const have = await runner.versions(wanted);
        const lacking = wanted.filter((n) => !(n in have));
        if (lacking.length) log.write(`pyvendor: no build isolation, and ${target.info.executable} lacks: ${lacking.join(", ")}\n`);
      }
      if (options.isolation && !satisfiedBy(extra, installed, target)) {
        await runner.close();
        installed = await resolve([...system.requires, ...extra], target, stack);
        const env = await options.envs.ensure(target.info, installed);
        log.write(`pyvendor: build environment ${env.dir} (${env.created ? "created" : "reused"}): ${env.requirements.join(" ")}\n`);
        python = env.python;
        binDir = path.dirname(env.python);
        runner = start(python, binDir);
      } else if (options.hookProcess === "fresh") {
        await runner.close();
        runner = start(python, binDir);
      }
      await mkdir(request.outDir, { recursive: true });
      const metadataDirectory = await prepareMetadata(runner, metadataDir, config, log);
      if (at.metadataOnly && metadataDirectory) return { metadata: await readFile(path.join(metadataDirectory, "METADATA"), "utf8") };
      const filename = value<unknown>("build_wheel", await runner.call("build_wheel", { wheel_directory: request.outDir, config_settings: config, metadata_directory: metadataDirectory }), log);
      const present = await readdir(request.outDir);
      if (typeof filename !== "string" || !filename.endsWith(".whl") || !present.includes(path.basename(filename))) {
        throw new HookFailure({ kind: "no-wheel", message: `build_wheel returned ${JSON.stringify(filename)}, which is not a wheel it wrote` });
      }
      let requirements = installed.map((w) => `${w.name}==${w.version}`);
      if (!options.isolation) {
        const names = [...system.requires, ...extra].map((r) => normalizeName(parseRequirement(r).name));
        const versions = await runner.versions(names);
        requirements = Object.entries(versions).map(([n, v]) => `${n}==${v}`);
      }
      return { wheelPath: path.join(request.outDir, path.basename(filename)), buildRequirements: requirements.sort() };
    } finally {
      await runner.close();
    }
  }

  let mapStyle: Promise<PrefixMapStyle> | undefined;

  /**
   * The environment of one build: fixed (reproducibleEnv), with compiler prefix maps for the two
   * places whose names differ between runs: the source directory (a fresh temp directory) and the
   * cache's build environments (headers of Cython, numpy ...), each also by its real path.
   */
  async function buildEnvFor(srcDir: string, log: BuildLog): Promise<NodeJS.ProcessEnv> {
    mapStyle ??= probePrefixMapStyle(options.env);
    const style = await mapStyle;
    await mkdir(options.cache.envsDir, { recursive: true });
    const places = [
      { dir: srcDir, to: REPRODUCIBLE_SOURCE_DIR },
      { dir: options.cache.envsDir, to: REPRODUCIBLE_ENVS_DIR },
    ];
    const maps: PrefixMap[] = [];
    for (const { dir, to } of places) {
      for (const from of new Set([dir, await realpath(dir)])) maps.push({ from, to });
    }
    const { flags, skipped } = prefixMapFlags(maps, style);
    for (const m of skipped) log.write(`pyvendor: ${m.from} cannot be passed in CFLAGS (whitespace or quotes): compiled files may record it\n`);
    log.write(`pyvendor: compiler prefix maps (${style}): ${flags.join(" ") || "(none)"}\n`);
    return reproducibleEnv(options.env, flags);
  }

  async function build(request: SdistBuild, stack: string[] = [request.project]): Promise<NativeBuildResult> {
    const result = await run(request, stack, false);
    if ("metadata" in result) throw new Error("internal: a wheel build returned metadata only");
    return result;
  }

  /** Unpacks `request`'s sdist and runs its hooks: through build_wheel, or to prepare_metadata when `metadataOnly`. */
  async function run(request: SdistBuild, stack: string[], metadataOnly: boolean): Promise<NativeBuildResult | PreparedMetadata> {
    const { project, version, target } = request;
    const onLine = (line: string) => options.events({ type: "build-output", project, version, target: target.manifest.id, line });
    const log = await openBuildLog(request.logFile, onLine);
    await mkdir(options.workDir, { recursive: true });
    const srcDir = await mkdtemp(path.join(options.workDir, `${project}-src-`));
    const metadataDir = await mkdtemp(path.join(options.workDir, `${project}-metadata-`));
    try {
      log.write(`pyvendor: building ${project} ${version} from ${request.sdistFilename} for ${target.manifest.id} (Python ${target.info.version})\n`);
      log.write(`pyvendor: SOURCE_DATE_EPOCH=${options.env.SOURCE_DATE_EPOCH ?? "(unset)"}\n`);
      const root = await unpackSdist({ file: request.sdistPath, filename: request.sdistFilename, dest: srcDir, python: target.info.executable });
      const system = await readBuildSystem(root, project);
      log.write(`pyvendor: backend ${system.backend}${system.legacy ? " (legacy default)" : ""}${system.backendPath.length ? ` from backend-path ${system.backendPath.map((p) => path.relative(root, p) || ".").join(", ")}` : ""}; requires: ${system.requires.join(", ") || "(none)"}\n`);
      return await runHooks(request, root, system, log, { stack, metadataDir, buildEnv: await buildEnvFor(srcDir, log), metadataOnly });
    } catch (err: unknown) {
      if (!(err instanceof HookFailure)) log.write(`\npyvendor: the build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      await log.close();
      if (err instanceof HookFailure) {
        throw await explainBuildFailure({ project, version, target: target.manifest.id, logPath: log.path, failure: err.failure, packages: options.packages });
      }
      throw err;
    } finally {
      await log.close();
      await rm(srcDir, { recursive: true, force: true });
      await rm(metadataDir, { recursive: true, force: true });
    }
  }

  return { build: (request) => build(request), metadata: (request) => run(request, [request.project], true) };
}
