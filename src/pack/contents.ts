// Step "assemble" (the bundle's wheels, manifest, files and notes from the rounds' outcome) and pack's result.
import type { RemoteCacheStats } from "../cache/remote-stats.js";
import type { writeBundle } from "../bundle/write.js";
import { assembleManifest } from "./assemble.js";
import { buildFailuresError } from "./build-failures.js";
import type { PackedWheel } from "./build-step.js";
import type { LibraryScanner, PackContext } from "./context.js";
import type { PackResult } from "./options.js";
import type { RoundsState } from "./rounds.js";
import type { Target } from "../python/target.js";
import { packageVersion } from "../version.js";

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

/** Steps "assemble": the bundle's wheels (one entry per file), manifest, files and notes from the rounds' outcome. */
export async function assembleBundle(c: PackContext, rounds: RoundsState, scanLibraries: LibraryScanner) {
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
    ...(c.resolution ? { resolution: c.resolution } : {}),
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
export function packResult(r: {
  targets: Target[];
  rounds: RoundsState;
  bundle: Awaited<ReturnType<typeof assembleBundle>>;
  written: Awaited<ReturnType<typeof writeBundle>>;
  envs: { created: number; reused: number };
  remoteCache?: RemoteCacheStats;
  resolution?: PackResult["resolution"];
  /** Builds made while resolving (to read metadata): the rounds found their wheels in the cache. */
  resolutionBuilds?: number;
  started: number;
}): PackResult {
  const { rounds, bundle, written } = r;
  const builtWheels = bundle.packed.filter((w) => w.origin === "built");
  const early = r.resolutionBuilds ?? 0;
  const cachedBuilds = builtWheels.filter((w) => w.fromCache).length;
  return {
    output: written.output,
    format: written.format,
    bundleId: written.manifest.id,
    targets: r.targets.map((t) => t.manifest.id),
    packages: written.manifest.packages.map((p) => ({ name: p.name, version: p.version, requested: p.requested, wheels: p.wheels.map((w) => w.filename) })),
    stats: {
      downloaded: rounds.downloaded,
      fromCache: rounds.fromCache,
      built: builtWheels.filter((w) => !w.fromCache).length + Math.min(early, cachedBuilds),
      buildsCached: cachedBuilds - Math.min(early, cachedBuilds),
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
    ...(r.resolution ? { resolution: r.resolution } : {}),
    durationMs: Math.round(performance.now() - r.started),
  };
}
