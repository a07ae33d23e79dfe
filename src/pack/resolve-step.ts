// Step "resolve" (lock, and pack from loose requirements): requirement lines → one pin per project
// that holds for every target, with the files of each pinned release.
import { existsSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../atomic-file.js";
import { BUILT_METADATA_BUCKET } from "../cache/cache.js";
import { timed } from "../events.js";
import { indexProvider } from "../lock/index-provider.js";
import { sdistMetadataPort } from "../lock/sdist-metadata.js";
import type { DownloadResult } from "../package-index/download.js";
import type { DistributionFile } from "../package-index/finder.js";
import type { Target } from "../python/target.js";
import { resolveTargets, type SharedPin } from "../resolve/index.js";
import { normalizeName } from "../standards/names.js";
import { requirementToString } from "../standards/requirement.js";
import { selectBestWheel } from "../standards/tags.js";
import { readWheelMetadata } from "../wheel/read-metadata.js";
import { cachedBuild } from "../build/requirement-builds.js";
import { limitConcurrency } from "../build/scheduler.js";
import { buildOrReuse, type BuildFrontend } from "./build-step.js";
import type { Pin } from "./plan.js";
import type { LibraryScanner, PackContext } from "./context.js";
import { servesTarget } from "./select.js";

export interface Resolved {
  /** Sorted by name; `targets` index into the context's targets. */
  pins: SharedPin[];
  /** Every file the index lists for each pinned release, by project name. */
  files: Map<string, DistributionFile[]>;
  /** Sdists built (not found in the built-wheel cache) to read their metadata. */
  builds: number;
}

export interface ResolvePorts {
  frontend: BuildFrontend;
  scanLibraries: LibraryScanner;
  /**
   * How an sdist without static metadata tells its dependencies: "build" its wheel into the
   * built-wheel cache (pack: the wheel is packed next), or "prepare" only its metadata with PEP
   * 517's prepare_metadata_for_build_wheel, as pip does (lock: nothing compiled).
   */
  metadataBy: "build" | "prepare";
}

/**
 * Resolves `c.inputs.lines` under `c.inputs.constraints` for every target of `c`, preferring the
 * versions in `preferences` (name → version) where they still fit. Metadata comes from the index
 * (PEP 658 files, wheels), an sdist's static PKG-INFO, or the sdist for the first target as
 * `ports.metadataBy` says (built into the built-wheel cache, or only its metadata prepared); what
 * it said goes into `built-metadata-v1`, so a second resolution neither unpacks nor builds, and
 * works offline. Dependencies the resolver asks for ahead come in parallel, at most `jobs` sdists at once. Throws E_RESOLUTION_IMPOSSIBLE with the explanation, and the index's and builds' codes.
 */
export async function resolveStep(c: PackContext, ports: ResolvePorts, preferences: Record<string, string>): Promise<Resolved> {
  const { cache, finder, events, settings, targets, workDir } = c;
  const first = targets[0] as Target;
  let builds = 0;
  const build = async (sdist: DownloadResult) => {
    const { project, version, filename } = sdist.file;
    const pin = { name: project, version, extras: [], hashes: [`sha256:${sdist.sha256}`], requested: false, targets: [first.manifest.id] };
    if (ports.metadataBy === "prepare") return prepareMetadata({ c, frontend: ports.frontend, sdist, pin, target: first });
    const request = { pin, sdistPath: sdist.path, sdistFilename: filename, sdistSha256: sdist.sha256, targets: [first] };
    const built = await buildOrReuse(request, first, { cache, frontend: ports.frontend, workDir, events, scanLibraries: ports.scanLibraries });
    if (!built.fromCache) builds += 1;
    return readWheelMetadata(built.path);
  };
  // The resolver asks ahead for what it will need: at most `jobs` sdists are built (or prepared) at once.
  const fromSdist = sdistMetadataPort({ workDir, build: limitConcurrency(c.options.jobs ?? os.availableParallelism(), build) });
  const sdistMetadata = async (sdist: DownloadResult) => {
    const key = createHash("sha256").update(`${sdist.sha256}\0${first.manifest.id}\0${ports.frontend.settingsKey}`).digest("hex");
    const kept = path.join(cache.dir, BUILT_METADATA_BUCKET, `${key}.txt`);
    if (existsSync(kept)) return readFileSync(kept, "utf8");
    const text = await fromSdist(sdist);
    await mkdir(path.dirname(kept), { recursive: true });
    await writeFileAtomic(kept, text);
    return text;
  };
  const provider = indexProvider({
    finder,
    fetch: { cache, settings, finder, events },
    rankWheels: (wheels) => {
      const best = selectBestWheel(wheels, first.supportedTags);
      return best ? [best, ...wheels.filter((w) => w !== best)] : wheels;
    },
    sdistMetadata,
    unusableFor: (name, files) => targets.filter((t) => !servesTarget(name, files, t, c.effective.policy)).map((t) => t.manifest.id),
  });
  const pins: SharedPin[] = await timed(events, "resolve", () =>
    resolveTargets(
      {
        requirements: c.inputs.lines.map((l) => requirementToString(l.requirement)),
        constraints: c.inputs.constraints.map((l) => requirementToString(l.requirement)),
        targets: targets.map((t) => ({ environment: t.markers, pythonFullVersion: t.info.markers.python_full_version, id: t.manifest.id })),
        options: { pre: c.effective.pre },
        preferences,
      },
      provider,
    ),
  );
  const files = new Map<string, DistributionFile[]>();
  for (const pin of pins) files.set(pin.name, await provider.files(pin.name, pin.version));
  return { pins, files, builds };
}

/**
 * An sdist's METADATA for `target` without a build where that can be had: a wheel already in the
 * built-wheel cache, else the frontend's prepare_metadata_for_build_wheel (a whole build only for
 * a backend without that hook, or the pip frontend). Nothing is cached here (the caller keeps the text).
 */
async function prepareMetadata(p: { c: PackContext; frontend: BuildFrontend; sdist: DownloadResult; pin: Pin; target: Target }): Promise<string> {
  const { c, frontend, sdist, pin, target } = p;
  const hit = await cachedBuild(c.cache, sdist.sha256, target, frontend.settingsKey);
  if (hit) return readWheelMetadata(hit.path);
  const outDir = await mkdtemp(path.join(c.workDir, `${pin.name}-metadata-`));
  try {
    // The frontend reads the sdist's format from its name: give it the real one.
    const sdistPath = path.join(outDir, sdist.file.filename);
    await copyFile(sdist.path, sdistPath);
    const request = { sdistPath, sdistFilename: sdist.file.filename, sdistSha256: sdist.sha256, pin, target, outDir: path.join(outDir, "wheel"), logFile: c.cache.logPath(`${pin.name}-${pin.version}-metadata.log`) };
    const answer = frontend.metadata ? await frontend.metadata(request) : await frontend.build(request);
    return "metadata" in answer ? answer.metadata : await readWheelMetadata(answer.wheelPath);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The sha256 hashes ("sha256:<hex>", lower case) the index gives for a release's files. */
export function releaseHashes(files: DistributionFile[]): string[] {
  return files.map((f) => f.hashes.sha256).filter((h): h is string => Boolean(h)).map((h) => `sha256:${h.toLowerCase()}`);
}

/** The earlier pins to keep (name → version): none with `upgrade`, all but `upgradePackages` otherwise. */
export function keptPins(earlier: Record<string, string>, options: { upgrade?: boolean; upgradePackages?: string[] }): Record<string, string> {
  if (options.upgrade) return {};
  const moved = new Set((options.upgradePackages ?? []).map(normalizeName));
  return Object.fromEntries(Object.entries(earlier).filter(([name]) => !moved.has(normalizeName(name))));
}
