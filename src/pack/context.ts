// What every step of one pack run shares, and the effects the rounds run through (their ports).
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SystemPackages } from "../build/system-packages.js";
import type { ManifestResolution } from "../bundle/manifest.js";
import type { Cache } from "../cache/cache.js";
import { passedChecks } from "../cache/passed-checks.js";
import { timed, type EventSink } from "../events.js";
import type { Finder } from "../package-index/finder.js";
import type { IndexSettings } from "../package-index/settings.js";
import { buildAll, readWheelDependencies, type BuildFrontend } from "./build-step.js";
import { DEFAULT_SOURCE_DATE_EPOCH, frontendSettingsKey, type FrontendName } from "./build-settings.js";
import { checkPackedWheels } from "./check-wheels.js";
import type { EffectiveSettings } from "./effective-settings.js";
import { fetchStep } from "./fetch-step.js";
import type { PackInputs } from "./inputs.js";
import { lazyFrontend } from "./lazy-frontend.js";
import type { createLibraryScanner } from "./libraries.js";
import type { PackOptions } from "./options.js";
import { pinDependencies } from "./pin-dependencies.js";
import type { RoundPorts } from "./rounds.js";
import type { Target } from "../python/target.js";
import { scratchPrefix, sweepDeadScratch, trackScratch } from "../interrupt.js";

/** This pack's scratch directory in the cache (removed on close, and on Ctrl-C); dead packs' scratch is swept first. */
export async function openWorkDir(cacheDir: string): Promise<{ dir: string; close(): Promise<void> }> {
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

export type LibraryScanner = ReturnType<typeof createLibraryScanner>;

export interface PackContext {
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
  /** Set when the pins were resolved from loose requirements: what the manifest records of it. */
  resolution?: ManifestResolution;
}

/** The build frontend, loaded only when a build is needed (pyvendor's own, or pip). */
export function frontendFor(c: PackContext, packages: SystemPackages): ReturnType<typeof lazyFrontend> {
  const buildEnv = { ...c.env, SOURCE_DATE_EPOCH: c.env.SOURCE_DATE_EPOCH ?? DEFAULT_SOURCE_DATE_EPOCH };
  const frontendOptions = { settings: c.settings, env: buildEnv, configSettings: c.options.configSettings ?? {}, noBuildIsolation: Boolean(c.options.noBuildIsolation) };
  const name: FrontendName = c.options.buildFrontend ?? "pyvendor";
  return lazyFrontend({
    name,
    settingsKey: frontendSettingsKey(name, frontendOptions),
    load: async () => {
      const { createPipFrontend, createPyvendorFrontend } = await import("./frontends.js");
      return name === "pip"
        ? createPipFrontend(frontendOptions)
        : createPyvendorFrontend({ ...frontendOptions, cache: c.cache, finder: c.finder, events: c.events, packages, workDir: c.workDir, pre: c.effective.pre });
    },
    env: c.env,
    events: c.events,
  });
}

/** The effects of each round (see pack/rounds.ts). */
export function roundPorts(c: PackContext, frontend: BuildFrontend, scanLibraries: LibraryScanner): RoundPorts {
  const { targets, effective, events, cache, finder } = c;
  const checked = passedChecks(cache.dir);
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
