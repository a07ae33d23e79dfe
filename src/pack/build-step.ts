// Pack step "build": every sdist into a wheel per target, in parallel, from the built-wheel cache when possible.
import { copyFile, link, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { buildKeyParts } from "../build/build-key.js";
import { cachedBuild } from "../build/requirement-builds.js";
import { runQueue } from "../build/scheduler.js";
import type { ManifestWheel, SystemLibrary, WheelBuild } from "../bundle/manifest.js";
import type { Cache } from "../cache/cache.js";
import type { EventSink } from "../events.js";
import type { Target } from "../python/target.js";
import { parseCoreMetadata } from "../standards/metadata.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import { readWheelMetadata } from "../wheel/read-metadata.js";
import { PyvendorError } from "../errors.js";
import { wheelDifferences } from "../wheel/wheel-diff.js";
import type { Pin } from "./plan.js";

export { buildKey } from "../build/build-key.js";

/** A wheel that goes into the bundle: its manifest entry, plus where it is and what it came from. */
export interface PackedWheel extends ManifestWheel {
  pin: Pin;
  /** Local path (in the cache). */
  path: string;
  /** True when a built wheel came from the built-wheel cache. */
  fromCache?: boolean;
  /** Dependencies from the wheel's METADATA, when already known (kept with cached builds). */
  metadata?: WheelDependencies;
}

/** The part of a wheel's METADATA the closure needs. */
export interface WheelDependencies {
  requiresDist: string[];
  requiresPython?: string;
}

/** Reads the dependencies from a wheel file's METADATA. */
export async function readWheelDependencies(wheelPath: string): Promise<WheelDependencies> {
  const metadata = parseCoreMetadata(await readWheelMetadata(wheelPath));
  return { requiresDist: metadata.requiresDist, ...(metadata.requiresPython ? { requiresPython: metadata.requiresPython } : {}) };
}

/** One sdist to turn into a wheel (or its metadata) for one target. */
export interface FrontendRequest {
  /** The sdist under its real file name. */
  sdistPath: string;
  sdistFilename: string;
  sdistSha256: string;
  pin: Pin;
  target: Target;
  outDir: string;
  logFile: string;
}

/** Something that turns an sdist into a wheel for one target. */
export interface BuildFrontend {
  name: string;
  /** Hash of everything besides the sdist and target that changes the wheel (see buildSettingsKey). */
  settingsKey: string;
  build(request: FrontendRequest): Promise<{ wheelPath: string; buildRequirements: string[] }>;
  /**
   * The METADATA text of the wheel `request` would build, from PEP 517's
   * prepare_metadata_for_build_wheel (no compiling), or a whole build's wheel where the backend
   * lacks the hook. Frontends without it (pip's) are asked for a build instead.
   */
  metadata?(request: FrontendRequest): Promise<{ metadata: string } | { wheelPath: string; buildRequirements: string[] }>;
}

export interface BuildStepRequest {
  pin: Pin;
  /** Where the sdist is (in the content store, named by hash). */
  sdistPath: string;
  /** Its real file name (build tools read the format from it). */
  sdistFilename: string;
  sdistSha256: string;
  /** Size in bytes, when known: bigger sdists are started first (they usually build longest). */
  sdistSize?: number;
  /** Targets to build for (those not served by a downloaded wheel). */
  targets: Target[];
}

/** A build that failed, or was skipped because it failed for another target first. */
export interface FailedBuild {
  pin: Pin;
  target: string;
  error: unknown;
  /** Not tried: the package failed for another target first. */
  skipped?: boolean;
}

export interface BuildStepContext {
  cache: Cache;
  frontend: BuildFrontend;
  workDir: string;
  jobs: number;
  events: EventSink;
  /** The system libraries a wheel needs (scanned once per build; stored with the cached wheel). */
  scanLibraries: (wheelPath: string) => Promise<SystemLibrary[]>;
  /** Build every sdist once more (cached or not) and fail the build when the two wheels differ. */
  checkReproducible?: boolean;
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

const isPure = (tags: string[]) => tags.every((t) => t.endsWith("-none-any"));

type Built = Omit<PackedWheel, "pin" | "origin" | "targets" | "url">;

/**
 * Builds `request` for `target` again, apart from the first build (its own directories, not
 * cached), and throws E_BUILD_NOT_REPRODUCIBLE naming every file whose bytes, mode or time differ
 * from `first`'s wheel.
 */
async function checkRebuild(request: BuildStepRequest, target: Target, first: Built, ctx: BuildStepContext): Promise<void> {
  const { pin } = request;
  const outDir = await mkdtemp(path.join(ctx.workDir, `${pin.name}-again-`));
  try {
    const logFile = ctx.cache.logPath(`${pin.name}-${pin.version}-${target.manifest.id}-again.log`);
    const sdistPath = path.join(outDir, request.sdistFilename);
    await linkOrCopy(request.sdistPath, sdistPath);
    const again = await ctx.frontend.build({
      sdistPath, sdistFilename: request.sdistFilename, sdistSha256: request.sdistSha256, pin, target, outDir: path.join(outDir, "wheel"), logFile,
    });
    const differences = path.basename(again.wheelPath) === first.filename ? await wheelDifferences(first.path, again.wheelPath) : [{ path: "(archive)", what: "file name" }];
    if (differences.length === 0) return;
    const shown = differences.slice(0, 10).map((d) => `${d.path} (${d.what})`);
    if (differences.length > shown.length) shown.push(`and ${differences.length - shown.length} more`);
    throw new PyvendorError("E_BUILD_NOT_REPRODUCIBLE", `a second build differs: ${shown.join(", ")}`, {
      data: { reason: `a second build gave another wheel (${path.basename(again.wheelPath)}); differing: ${shown.join(", ")}`, differences, log: logFile, wheel: first.filename },
    });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function buildOne(request: BuildStepRequest, target: Target, ctx: BuildStepContext): Promise<Built> {
  const built = await buildOrReuse(request, target, ctx);
  if (ctx.checkReproducible) {
    try {
      await checkRebuild(request, target, built, ctx);
    } catch (err: unknown) {
      ctx.events({ type: "build-failed", project: request.pin.name, version: request.pin.version, target: target.manifest.id });
      throw err;
    }
  }
  return built;
}

/**
 * The wheel of `request` for `target`: from the built-wheel cache, else built and put there (so a
 * build made to read an sdist's metadata serves the pack that follows). Throws the frontend's errors.
 */
export async function buildOrReuse(request: BuildStepRequest, target: Target, ctx: Omit<BuildStepContext, "jobs">): Promise<Built> {
  const { pin } = request;
  const id = target.manifest.id;
  const hit = await cachedBuild(ctx.cache, request.sdistSha256, target, ctx.frontend.settingsKey);
  if (hit) {
    const filename = path.basename(hit.path);
    ctx.events({ type: "build-end", project: pin.name, version: pin.version, target: id, wheel: filename, fromCache: true, ms: 0 });
    const build = hit.info?.build as WheelBuild | undefined;
    const libs = hit.info?.systemLibraries as SystemLibrary[] | undefined;
    const metadata = hit.info?.metadata as WheelDependencies | undefined;
    return {
      filename, path: hit.path, sha256: hit.sha256, size: hit.size, tags: parseWheelFilename(filename).tags, fromCache: true,
      systemLibraries: libs ?? (await ctx.scanLibraries(hit.path)),
      metadata: metadata ?? (await readWheelDependencies(hit.path)),
      ...(build ? { build } : {}),
    };
  }
  const started = performance.now();
  ctx.events({ type: "build-start", project: pin.name, version: pin.version, target: id });
  const outDir = await mkdtemp(path.join(ctx.workDir, `${pin.name}-`));
  try {
    const logFile = ctx.cache.logPath(`${pin.name}-${pin.version}-${id}.log`);
    const sdistPath = path.join(outDir, request.sdistFilename);
    await linkOrCopy(request.sdistPath, sdistPath);
    const built = await ctx.frontend.build({
      sdistPath, sdistFilename: request.sdistFilename, sdistSha256: request.sdistSha256, pin, target, outDir: path.join(outDir, "wheel"), logFile,
    });
    const filename = path.basename(built.wheelPath);
    const tags = parseWheelFilename(filename).tags;
    const build: WheelBuild = { frontend: ctx.frontend.name, requirements: built.buildRequirements, python: `${target.manifest.interpreterTag} ${target.info.version}` };
    const systemLibraries = await ctx.scanLibraries(built.wheelPath);
    const metadata = await readWheelDependencies(built.wheelPath);
    const key = buildKeyParts(request.sdistSha256, isPure(tags) ? "pure" : target, ctx.frontend.settingsKey);
    const stored = await ctx.cache.builtWheels.put(key, built.wheelPath, { build, systemLibraries, metadata });
    ctx.events({ type: "build-end", project: pin.name, version: pin.version, target: id, wheel: filename, fromCache: false, ms: Math.round(performance.now() - started) });
    return { ...stored, filename, tags, build, systemLibraries, metadata, fromCache: false };
  } catch (err: unknown) {
    const log = ctx.cache.logPath(`${pin.name}-${pin.version}-${id}.log`);
    ctx.events({ type: "build-failed", project: pin.name, version: pin.version, target: id, log });
    throw err;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

interface Task {
  request: BuildStepRequest;
  target: Target;
  /** Targets still to serve after this one (only on the first task of a request). */
  rest: Target[];
}

/**
 * Builds every request for its targets, `jobs` builds at a time, biggest sdists first. Each sdist is built for its
 * first target; the wheel then serves every other target its tags fit (a pure or abi3 wheel is
 * built once), and the remaining targets are built in parallel. Failures do not stop other
 * builds; a request that failed for its first target is not tried for the others.
 */
export async function buildAll(requests: BuildStepRequest[], ctx: BuildStepContext): Promise<{ wheels: PackedWheel[]; failures: FailedBuild[] }> {
  const wheels: PackedWheel[] = [];
  const failures: FailedBuild[] = [];
  const longestFirst = [...requests].sort((a, b) => (b.sdistSize ?? 0) - (a.sdistSize ?? 0));
  const initial: Task[] = longestFirst.flatMap((request) => {
    const [first, ...rest] = request.targets;
    return first ? [{ request, target: first, rest }] : [];
  });
  await runQueue(initial, ctx.jobs, async (task, push) => {
    const { request, target } = task;
    let built: Built;
    try {
      built = await buildOne(request, target, ctx);
    } catch (error: unknown) {
      failures.push({ pin: request.pin, target: target.manifest.id, error });
      for (const t of task.rest) {
        failures.push({ pin: request.pin, target: t.manifest.id, error: new Error(`not built: it failed for ${target.manifest.id}`), skipped: true });
      }
      return;
    }
    const served = task.rest.filter((t) => wheelTagRank(built.tags, t.supportedTags) !== undefined);
    wheels.push({ ...built, pin: request.pin, origin: "built", targets: [target, ...served].map((t) => t.manifest.id).sort() });
    for (const t of task.rest) if (!served.includes(t)) push({ request, target: t, rest: [] });
  });
  return { wheels, failures };
}
