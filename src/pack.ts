// The pack pipeline (orchestration only): inputs → plan → (fetch → build → close)* → write bundle.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSystemPackages, type SystemPackages } from "./build/system-packages.js";
import { checkBundleOutput, parseSourceDateEpoch, writeBundle } from "./bundle/write.js";
import { openCache, resolveCacheDir, type Cache } from "./cache/cache.js";
import { checkedWheels } from "./cache/checked-wheels.js";
import type { RemoteCacheStats } from "./cache/remote-stats.js";
import { resolveS3Settings, type S3SettingsInput } from "./cache/s3-settings.js";
import { PyvendorError } from "./errors.js";
import { silentSink, timed, type EventSink } from "./events.js";
import { createFinder, type Finder } from "./index/finder.js";
import { resolveIndexSettings, type IndexSettings, type IndexSettingsInput } from "./index/settings.js";
import { assembleManifest } from "./pack/assemble.js";
import { buildFailuresError } from "./pack/build-failures.js";
import { buildAll, readWheelDependencies, type BuildFrontend, type PackedWheel } from "./pack/build-step.js";
import { DEFAULT_SOURCE_DATE_EPOCH, frontendSettingsKey, type FrontendName } from "./pack/build-settings.js";
import { lazyFrontend } from "./pack/lazy-frontend.js";
import { checkPackedWheels } from "./pack/check-wheels.js";
import { effectiveSettings, type EffectiveSettings } from "./pack/effective-settings.js";
import { fetchStep } from "./pack/fetch-step.js";
import { readPackInputs, type PackInputs } from "./pack/inputs.js";
import { createLibraryScanner } from "./pack/libraries.js";
import { pinDependencies } from "./pack/pin-dependencies.js";
import { checkConstraints, mergePinSets, planPins, type Pin } from "./pack/plan.js";
import { pylockLines } from "./pack/pylock-input.js";
import { runRounds, type RoundPorts, type RoundsState } from "./pack/rounds.js";
import { resolveTarget, type Target } from "./python/target.js";
import { packageVersion } from "./version.js";
import { scratchPrefix, sweepDeadScratch, trackScratch } from "./interrupt.js";

export interface PackOptions {
  /** Requirements files (pip's format). */
  requirementFiles?: string[];
  /** Inline requirement specs (`name==version`). */
  requirements?: string[];
  /** Constraints files (pip's -c): they pin or narrow the dependencies pack adds. */
  constraintFiles?: string[];
  /** Bundle output: a directory, or a path ending in .tar.gz / .zip. */
  output: string;
  format?: "dir" | "tar.gz" | "zip";
  /** Interpreters to pack for ("3.12", "python3.12", a path); default ["python3"]. */
  pythons?: string[];
  /** Index settings from flags; environment and requirements-file options fill the rest. */
  index?: IndexSettingsInput;
  cacheDir?: string;
  /** The shared S3 cache level from flags; PYVENDOR_S3_* fill the rest (none without a bucket; off with --offline). */
  remoteCache?: S3SettingsInput;
  /** Parallel downloads and builds (builds default to the number of cores). */
  jobs?: number;
  name?: string;
  version?: string;
  withSources?: boolean;
  onlyBinary?: string[];
  noBinary?: string[];
  preferBinary?: boolean;
  configSettings?: Record<string, string[]>;
  noBuildIsolation?: boolean;
  /** "pyvendor" (default): the native PEP 517 frontend; "pip": `pip wheel --no-deps`. */
  buildFrontend?: FrontendName;
  /** Refuse dependencies the requirements leave unpinned (E_UNPINNED_REQUIREMENT lists the pins to add). */
  strict?: boolean;
  /** Allow pre-releases when pinning dependencies and resolving build requirements. */
  pre?: boolean;
  /** Build every sdist a second time and fail (E_BUILD_NOT_REPRODUCIBLE) where the wheels differ. */
  checkReproducible?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  events?: EventSink;
}

export interface PackResult {
  output: string;
  format: string;
  bundleId: string;
  targets: string[];
  packages: { name: string; version: string; requested: boolean; wheels: string[] }[];
  stats: {
    downloaded: number;
    fromCache: number;
    built: number;
    buildsCached: number;
    wheelsDownloaded: number;
    /** Build environments made by this pack, and uses of existing ones. */
    buildEnvsCreated: number;
    buildEnvsReused: number;
    /** Dependencies the requirements did not pin, pinned from the index. */
    pinnedFromIndex: number;
  };
  /** Remarks for the summary (wheel-only pins, dependencies pinned from the index). */
  notes: string[];
  written: string[];
  reused: string[];
  removed: string[];
  /** What the remote (S3) cache level did, when one is configured. */
  remoteCache?: RemoteCacheStats;
  durationMs: number;
}

async function resolveTargets(specs: string[], options: { env: NodeJS.ProcessEnv; cacheDir: string }): Promise<Target[]> {
  const resolved: Target[] = [];
  for (const spec of specs.length ? specs : ["python3"]) {
    const target = await resolveTarget(spec, options);
    if (!resolved.some((t) => t.manifest.id === target.manifest.id)) resolved.push(target);
  }
  return resolved;
}

/** Wheels of one package with the same file (a pure wheel served in two rounds) become one entry. */
function mergeWheels(wheels: PackedWheel[]): PackedWheel[] {
  const out = new Map<string, PackedWheel>();
  for (const w of wheels) {
    const key = `${w.pin.name}\n${w.filename}`;
    const seen = out.get(key);
    if (seen) seen.targets = [...new Set([...seen.targets, ...w.targets])].sort();
    else out.set(key, { ...w, targets: [...w.targets] });
  }
  return [...out.values()];
}

/** Step "plan": the target interpreters, and one pin per package (a pylock.toml's per target), checked against the constraints. */
async function planPack(options: PackOptions, inputs: PackInputs, env: NodeJS.ProcessEnv): Promise<{ targets: Target[]; pins: Pin[] }> {
  const targets = await resolveTargets(options.pythons ?? [], { env, cacheDir: resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env }) });
  const pins =
    inputs.pylocks.length === 0
      ? planPins(inputs.lines, targets)
      : mergePinSets(targets.map((t) => planPins([...inputs.lines, ...inputs.pylocks.flatMap((lock) => pylockLines(lock, t))], [t])));
  checkConstraints(pins, inputs.constraints, targets);
  return { targets, pins };
}

/** --require-hashes (in a requirements file): every pin must carry a hash. */
function checkRequiredHashes(pins: Pin[], required: boolean): void {
  const bare = required ? pins.filter((p) => p.hashes.length === 0).map((p) => `${p.name}==${p.version}`) : [];
  if (bare.length) throw new PyvendorError("E_HASH_REQUIRED", `--require-hashes is on and these have no --hash: ${bare.join(", ")}`);
}

/** This pack's scratch directory in the cache (removed on close, and on Ctrl-C); dead packs' scratch is swept first. */
async function openWorkDir(cacheDir: string): Promise<{ dir: string; close(): Promise<void> }> {
  const root = path.join(cacheDir, "tmp");
  await mkdir(root, { recursive: true });
  await sweepDeadScratch(root);
  const dir = await mkdtemp(path.join(root, scratchPrefix("pack")));
  const release = trackScratch(dir);
  return {
    dir,
    close: async () => {
      await rm(dir, { recursive: true, force: true });
      release();
    },
  };
}

type LibraryScanner = ReturnType<typeof createLibraryScanner>;

interface PackContext {
  options: PackOptions;
  inputs: PackInputs;
  targets: Target[];
  effective: EffectiveSettings;
  settings: IndexSettings;
  cache: Cache;
  finder: Finder;
  events: EventSink;
  env: NodeJS.ProcessEnv;
  workDir: string;
}

/** The build frontend, loaded only when a build is needed (pyvendor's own, or pip). */
function frontendFor(c: PackContext, packages: SystemPackages): ReturnType<typeof lazyFrontend> {
  const buildEnv = { ...c.env, SOURCE_DATE_EPOCH: c.env.SOURCE_DATE_EPOCH ?? DEFAULT_SOURCE_DATE_EPOCH };
  const frontendOptions = { settings: c.settings, env: buildEnv, configSettings: c.options.configSettings ?? {}, noBuildIsolation: Boolean(c.options.noBuildIsolation) };
  const name: FrontendName = c.options.buildFrontend ?? "pyvendor";
  return lazyFrontend({
    name,
    settingsKey: frontendSettingsKey(name, frontendOptions),
    load: async () => {
      const { createPipFrontend, createPyvendorFrontend } = await import("./pack/frontends.js");
      return name === "pip"
        ? createPipFrontend(frontendOptions)
        : createPyvendorFrontend({ ...frontendOptions, cache: c.cache, finder: c.finder, events: c.events, packages, workDir: c.workDir, pre: c.effective.pre });
    },
    env: c.env,
    events: c.events,
  });
}

/** The effects of each round (see pack/rounds.ts). */
function roundPorts(c: PackContext, frontend: BuildFrontend, scanLibraries: LibraryScanner): RoundPorts {
  const { targets, effective, events, cache, finder } = c;
  const checked = checkedWheels(cache.dir);
  const jobs = c.options.jobs ?? os.availableParallelism();
  return {
    fetch: (items) => fetchStep(items, targets, effective.policy, { cache, settings: c.settings, events, finder }),
    build: (requests) => buildAll(requests, { cache, frontend, workDir: c.workDir, jobs, events, scanLibraries, checkReproducible: Boolean(c.options.checkReproducible) }),
    verify: (wheels) => checkPackedWheels(wheels, targets, checked),
    dependenciesOf: async (wheel) => wheel.metadata ?? (await readWheelDependencies(wheel.path)),
    pinMissing: (all, closure) =>
      pinDependencies(all, closure.missing, { targets, listFiles: (p) => finder.listFiles(p), constraints: c.inputs.constraints, pre: effective.pre, strict: Boolean(c.options.strict), policy: effective.policy }),
    timed: (phase, step, total) => timed(events, phase, step, total),
  };
}

/** Steps "assemble": the bundle's wheels (one entry per file), manifest, files and notes from the rounds' outcome. */
async function assembleBundle(c: PackContext, rounds: RoundsState, scanLibraries: LibraryScanner) {
  const { options } = c;
  if (rounds.failures.length > 0) throw buildFailuresError(rounds.failures, rounds.wheels.filter((w) => w.origin === "built").length);
  const packed = mergeWheels(rounds.wheels);
  for (const w of packed) if (w.origin === "downloaded") w.systemLibraries = await scanLibraries(w.path);
  const notes = [...rounds.notes];
  const pinned = rounds.pinnedFromIndex;
  if (pinned > 0) {
    const what = pinned === 1 ? "1 dependency was not pinned by the requirements; it was" : `${pinned} dependencies were not pinned by the requirements; they were`;
    notes.push(`${what} pinned from the index (requested: false in the manifest; --strict refuses this)`);
  }
  const manifest = assembleManifest({
    pins: [...rounds.pins].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    wheels: packed,
    sources: new Map([...rounds.sources].map(([name, s]) => [name, { filename: s.filename, url: s.url, sha256: s.sha256, size: s.size, ...(options.withSources ? { path: `sources/${s.filename}` } : {}) }])),
    targets: c.targets.map((t) => t.manifest),
    requirements: c.inputs.requirements,
    dependencies: rounds.closure.dependencies,
    extras: rounds.closure.extras,
    requiresPython: rounds.requiresPython,
    ...(options.name ? { name: options.name } : {}),
    ...(options.version ? { version: options.version } : {}),
    generatorVersion: packageVersion(),
  });
  const files = packed.map((w) => ({ bundlePath: `wheels/${w.filename}`, source: w.path }));
  if (options.withSources) for (const s of rounds.sources.values()) files.push({ bundlePath: `sources/${s.filename}`, source: s.localPath });
  return { packed, manifest, notes, files: [...new Map(files.map((f) => [f.bundlePath, f])).values()] };
}

/** What pack returns: where the bundle is, its id and packages, and what the run did. */
function packResult(r: {
  targets: Target[];
  rounds: RoundsState;
  bundle: Awaited<ReturnType<typeof assembleBundle>>;
  written: Awaited<ReturnType<typeof writeBundle>>;
  envs: { created: number; reused: number };
  remoteCache?: RemoteCacheStats;
  started: number;
}): PackResult {
  const { rounds, bundle, written } = r;
  const builtWheels = bundle.packed.filter((w) => w.origin === "built");
  return {
    output: written.output,
    format: written.format,
    bundleId: written.manifest.id,
    targets: r.targets.map((t) => t.manifest.id),
    packages: written.manifest.packages.map((p) => ({ name: p.name, version: p.version, requested: p.requested, wheels: p.wheels.map((w) => w.filename) })),
    stats: {
      downloaded: rounds.downloaded,
      fromCache: rounds.fromCache,
      built: builtWheels.filter((w) => !w.fromCache).length,
      buildsCached: builtWheels.filter((w) => w.fromCache).length,
      wheelsDownloaded: bundle.packed.filter((w) => w.origin === "downloaded").length,
      buildEnvsCreated: r.envs.created,
      buildEnvsReused: r.envs.reused,
      pinnedFromIndex: rounds.pinnedFromIndex,
    },
    notes: bundle.notes,
    written: written.written,
    reused: written.reused,
    removed: written.removed,
    ...(r.remoteCache ? { remoteCache: r.remoteCache } : {}),
    durationMs: Math.round(performance.now() - r.started),
  };
}

/** Packs the requirements into a bundle. See PackOptions; throws PyvendorError on user errors. */
export async function pack(options: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  // Checked before any work; writeBundle sets the manifest's `created` and archive times from it.
  const sourceDateEpoch = parseSourceDateEpoch(env.SOURCE_DATE_EPOCH);
  // The output too: a path mistake is reported before any download or build.
  await checkBundleOutput(path.resolve(cwd, options.output), options.format);

  const inputs = await timed(events, "inputs", async () =>
    readPackInputs({ requirementFiles: options.requirementFiles ?? [], constraintFiles: options.constraintFiles ?? [], specs: options.requirements ?? [], env, cwd }),
  );
  if (inputs.lines.length === 0 && inputs.pylocks.length === 0) throw new PyvendorError("E_USAGE", "Nothing to pack: give requirements with -r FILE or as arguments");
  const { targets, pins } = await timed(events, "plan", () => planPack(options, inputs, env));
  const effective = effectiveSettings(inputs.options, options);
  checkRequiredHashes(pins, effective.requireHashes);
  const settings = resolveIndexSettings(effective.index, env);
  const remote = settings.offline ? undefined : resolveS3Settings(options.remoteCache ?? {}, env);
  const cache = await openCache({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env, remote, events });
  const work = await openWorkDir(cache.dir);
  try {
    const c: PackContext = { options, inputs, targets, effective, settings, cache, finder: createFinder(settings, { cache, events }), events, env, workDir: work.dir };
    const packages = createSystemPackages();
    const { frontend, stats: envStats } = frontendFor(c, packages);
    const scanLibraries = createLibraryScanner(targets, packages);
    const rounds = await runRounds(pins, targets, roundPorts(c, frontend, scanLibraries), events);
    const bundle = await assembleBundle(c, rounds, scanLibraries);
    const written = await timed(events, "write", () =>
      writeBundle({
        output: path.resolve(cwd, options.output),
        ...(options.format ? { format: options.format } : {}),
        manifest: bundle.manifest,
        files: bundle.files,
        ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
      }),
    );
    return packResult({ targets, rounds, bundle, written, envs: await envStats(), ...(cache.remote ? { remoteCache: await cache.remote.finish() } : {}), started });
  } finally {
    await work.close();
  }
}
