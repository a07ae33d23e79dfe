// Build requirements that exist only as sdists: built once per (sdist, target), cached, cycles refused.
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { WheelBuild } from "../bundle/manifest.js";
import type { Cache } from "../cache/cache.js";
import { PyvendorError } from "../errors.js";
import type { EventSink } from "../events.js";
import type { DistributionFile } from "../package-index/finder.js";
import type { Target } from "../python/target.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import { buildKeyParts } from "./build-key.js";
import type { NativeBuildResult, SdistBuild } from "./native-frontend.js";

type Local = { path: string; sha256: string };

/** In-flight and finished requirement builds of one frontend, by `<sdist sha256>|<target id>`. */
export type RequirementBuilds = Map<string, Promise<Local>>;

export interface RequirementBuildOptions {
  file: DistributionFile;
  local: Local;
  target: Target;
  /** Projects being built, outermost first: the chain that led here. */
  stack: string[];
  builds: RequirementBuilds;
  build: (request: SdistBuild, stack: string[]) => Promise<NativeBuildResult>;
  cache: Cache;
  settingsKey: string;
  workDir: string;
  events: EventSink;
}

/** A cached wheel of `sdistSha256` usable on `target`, if any. */
export async function cachedBuild(cache: Cache, sdistSha256: string, target: Target, settingsKey: string) {
  for (const key of [buildKeyParts(sdistSha256, "pure", settingsKey), buildKeyParts(sdistSha256, target, settingsKey)]) {
    const hit = await cache.builtWheels.get(key);
    if (hit && wheelTagRank(parseWheelFilename(path.basename(hit.path)).tags, target.supportedTags) !== undefined) return hit;
  }
  return undefined;
}

/**
 * The wheel of a build requirement available only as an sdist: from the built-wheel cache, or
 * built with `build` (its own log, events, cache entry). Throws E_BUILD_CYCLE when the project
 * is already being built further up `stack`.
 */
export async function buildRequirementWheel(o: RequirementBuildOptions): Promise<Local> {
  const project = o.file.project;
  if (o.stack.includes(project)) {
    const chain = [...o.stack.slice(o.stack.indexOf(project)), project].join(" → ");
    throw new PyvendorError("E_BUILD_CYCLE", `Build requirements form a cycle that only sdists can satisfy: ${chain}`, {
      data: { cycle: [...o.stack.slice(o.stack.indexOf(project)), project] },
    });
  }
  const key = `${o.local.sha256}|${o.target.manifest.id}`;
  let pending = o.builds.get(key);
  if (!pending) {
    pending = buildOnce(o);
    o.builds.set(key, pending);
    pending.catch(() => o.builds.delete(key));
  }
  return pending;
}

async function buildOnce(o: RequirementBuildOptions): Promise<Local> {
  const { file, target } = o;
  const id = target.manifest.id;
  const hit = await cachedBuild(o.cache, o.local.sha256, target, o.settingsKey);
  if (hit) return { path: hit.path, sha256: hit.sha256 };
  const started = performance.now();
  o.events({ type: "build-start", project: file.project, version: file.version, target: id });
  const outDir = await mkdtemp(path.join(o.workDir, `${file.project}-req-`));
  try {
    const result = await o.build(
      {
        sdistPath: o.local.path,
        sdistFilename: file.filename,
        sdistSha256: o.local.sha256,
        project: file.project,
        version: file.version,
        target,
        outDir,
        logFile: o.cache.logPath(`${file.project}-${file.version}-${id}.log`),
      },
      [...o.stack, file.project],
    );
    const filename = path.basename(result.wheelPath);
    const pure = parseWheelFilename(filename).tags.every((t) => t.endsWith("-none-any"));
    const build: WheelBuild = { frontend: "pyvendor", requirements: result.buildRequirements, python: `${target.manifest.interpreterTag} ${target.info.version}` };
    const stored = await o.cache.builtWheels.put(buildKeyParts(o.local.sha256, pure ? "pure" : target, o.settingsKey), result.wheelPath, { build });
    o.events({ type: "build-end", project: file.project, version: file.version, target: id, wheel: filename, fromCache: false, ms: Math.round(performance.now() - started) });
    return { path: stored.path, sha256: stored.sha256 };
  } catch (err: unknown) {
    o.events({ type: "build-failed", project: file.project, version: file.version, target: id });
    throw err;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
