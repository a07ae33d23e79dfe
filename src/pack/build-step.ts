// Pack step "build": every sdist into a wheel per target, from the built-wheel cache when possible.
import { createHash } from "node:crypto";
import { copyFile, link, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { SystemLibrary, WheelBuild } from "../bundle/manifest.js";
import type { Cache } from "../cache/cache.js";
import { settleLimit } from "../concurrency.js";
import { PyvendorError } from "../errors.js";
import type { EventSink } from "../events.js";
import type { Target } from "../python/target.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import type { Pin } from "./plan.js";

/** A wheel that goes into the bundle. */
export interface PackedWheel {
  pin: Pin;
  filename: string;
  /** Local path (in the cache). */
  path: string;
  sha256: string;
  size: number;
  tags: string[];
  origin: "built" | "downloaded";
  targets: string[];
  url?: string;
  build?: WheelBuild;
  systemLibraries: SystemLibrary[];
  /** True when a built wheel came from the built-wheel cache. */
  fromCache?: boolean;
}

/** Something that turns an sdist into a wheel for one target. */
export interface BuildFrontend {
  name: string;
  /** Hash of everything besides the sdist and target that changes the wheel (settings). */
  settingsKey: string;
  build(request: {
    /** The sdist under its real file name. */
    sdistPath: string;
    pin: Pin;
    target: Target;
    outDir: string;
    logFile: string;
  }): Promise<{ wheelPath: string; buildRequirements: string[] }>;
}

export interface BuildStepRequest {
  pin: Pin;
  /** Where the sdist is (in the content store, named by hash). */
  sdistPath: string;
  /** Its real file name (build tools read the format from it). */
  sdistFilename: string;
  sdistSha256: string;
  /** Targets to build for (those not served by a downloaded wheel). */
  targets: Target[];
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

function isPure(tags: string[]): boolean {
  return tags.every((t) => t.endsWith("-none-any"));
}

/** Cache key of a wheel built from `sdistSha256` for `target` (or for every target when pure). */
export function buildKey(sdistSha256: string, target: Target | "pure", settingsKey: string): string {
  const where = target === "pure" ? "pure" : `${target.manifest.id}-glibc${target.manifest.glibc ?? "none"}`;
  return createHash("sha256").update(`${sdistSha256}\n${where}\n${settingsKey}`).digest("hex");
}

async function buildOne(
  request: BuildStepRequest,
  target: Target,
  ctx: { cache: Cache; frontend: BuildFrontend; workDir: string; events: EventSink },
): Promise<{ path: string; sha256: string; size: number; filename: string; tags: string[]; build?: WheelBuild; fromCache: boolean }> {
  const { pin } = request;
  const keys = [buildKey(request.sdistSha256, "pure", ctx.frontend.settingsKey), buildKey(request.sdistSha256, target, ctx.frontend.settingsKey)];
  for (const key of keys) {
    const hit = await ctx.cache.builtWheels.get(key);
    if (hit) {
      const filename = path.basename(hit.path);
      const tags = parseWheelFilename(filename).tags;
      if (wheelTagRank(tags, target.supportedTags) === undefined) continue;
      ctx.events({ type: "build-end", project: pin.name, version: pin.version, target: target.manifest.id, wheel: filename, fromCache: true, ms: 0 });
      const build = hit.info?.build as WheelBuild | undefined;
      return { path: hit.path, sha256: hit.sha256, size: hit.size, filename, tags, fromCache: true, ...(build ? { build } : {}) };
    }
  }
  const started = performance.now();
  ctx.events({ type: "build-start", project: pin.name, version: pin.version, target: target.manifest.id });
  const outDir = await mkdtemp(path.join(ctx.workDir, `${pin.name}-`));
  try {
    const logFile = ctx.cache.logPath(`${pin.name}-${pin.version}-${target.manifest.id}.log`);
    const sdistPath = path.join(outDir, request.sdistFilename);
    await linkOrCopy(request.sdistPath, sdistPath);
    const wheelDir = path.join(outDir, "wheel");
    const built = await ctx.frontend.build({ sdistPath, pin, target, outDir: wheelDir, logFile });
    const filename = path.basename(built.wheelPath);
    const tags = parseWheelFilename(filename).tags;
    const build: WheelBuild = {
      frontend: ctx.frontend.name,
      requirements: built.buildRequirements,
      python: `${target.manifest.interpreterTag} ${target.info.version}`,
    };
    const key = buildKey(request.sdistSha256, isPure(tags) ? "pure" : target, ctx.frontend.settingsKey);
    const stored = await ctx.cache.builtWheels.put(key, built.wheelPath, { build });
    ctx.events({
      type: "build-end",
      project: pin.name,
      version: pin.version,
      target: target.manifest.id,
      wheel: filename,
      fromCache: false,
      ms: Math.round(performance.now() - started),
    });
    return { ...stored, filename, tags, build, fromCache: false };
  } catch (err: unknown) {
    ctx.events({ type: "build-failed", project: pin.name, version: pin.version, target: target.manifest.id });
    throw err;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Builds every request for its targets, `jobs` at a time. A pure wheel built for one target
 * serves every other target it is compatible with. Failures do not stop other builds; when
 * any failed, throws E_BUILDS_FAILED listing each failure (their causes attached).
 */
export async function buildAll(
  requests: BuildStepRequest[],
  ctx: { cache: Cache; frontend: BuildFrontend; workDir: string; jobs: number; events: EventSink },
): Promise<PackedWheel[]> {
  const outcomes = await settleLimit(requests, ctx.jobs, async (request) => {
    const wheels: PackedWheel[] = [];
    for (const target of request.targets) {
      const reuse = wheels.find((w) => wheelTagRank(w.tags, target.supportedTags) !== undefined);
      if (reuse) {
        reuse.targets = [...reuse.targets, target.manifest.id].sort();
        continue;
      }
      const built = await buildOne(request, target, ctx);
      wheels.push({
        pin: request.pin,
        filename: built.filename,
        path: built.path,
        sha256: built.sha256,
        size: built.size,
        tags: built.tags,
        origin: "built",
        targets: [target.manifest.id],
        ...(built.build ? { build: built.build } : {}),
        systemLibraries: [],
        fromCache: built.fromCache,
      });
    }
    return wheels;
  });
  const failures = outcomes.flatMap((o, i) => (o.status === "rejected" ? [{ request: requests[i], reason: o.reason as unknown }] : []));
  if (failures.length > 0) {
    const first = failures[0];
    if (failures.length === 1 && first?.reason instanceof PyvendorError) throw first.reason;
    throw new PyvendorError(
      "E_BUILDS_FAILED",
      `${failures.length} package(s) failed to build: ${failures.map((f) => `${f.request?.pin.name} ${f.request?.pin.version}`).join(", ")}`,
      { cause: first?.reason, data: { failed: failures.map((f) => f.request?.pin.name) } },
    );
  }
  return outcomes.flatMap((o) => (o.status === "fulfilled" ? o.value : []));
}
