// The pack pipeline (orchestration only): inputs → plan → fetch → build → close → write bundle.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeBundle } from "./bundle/write.js";
import { openCache, resolveCacheDir } from "./cache/cache.js";
import type { RemoteCacheStats } from "./cache/remote-stats.js";
import { resolveS3Settings, type S3SettingsInput } from "./cache/s3-settings.js";
import { PyvendorError } from "./errors.js";
import { silentSink, type EventSink, type Phase } from "./events.js";
import { downloadFiles, findReleases } from "./index/fetch.js";
import { createFinder, type DistributionFile } from "./index/finder.js";
import { resolveIndexSettings, type IndexSettings, type IndexSettingsInput } from "./index/settings.js";
import { assembleManifest, type PackedSource } from "./pack/assemble.js";
import { buildAll, type BuildStepRequest, type PackedWheel } from "./pack/build-step.js";
import { computeClosure } from "./pack/closure.js";
import { createPipFrontend } from "./pack/frontends.js";
import { readPackInputs } from "./pack/inputs.js";
import { planPins, type Pin } from "./pack/plan.js";
import { selectFiles, type Selection } from "./pack/select.js";
import { resolveTarget, type Target } from "./python/target.js";
import { parseCoreMetadata } from "./standards/metadata.js";
import { parseWheelFilename } from "./standards/tags.js";
import { readWheelMetadata } from "./wheel/read-metadata.js";
import { packageVersion } from "./version.js";

export interface PackOptions {
  /** Requirements files (pip's format). */
  requirementFiles?: string[];
  /** Inline requirement specs (`name==version`). */
  requirements?: string[];
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
  jobs?: number;
  name?: string;
  version?: string;
  withSources?: boolean;
  onlyBinary?: string[];
  noBinary?: string[];
  preferBinary?: boolean;
  configSettings?: Record<string, string[]>;
  noBuildIsolation?: boolean;
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
  stats: { downloaded: number; fromCache: number; built: number; buildsCached: number; wheelsDownloaded: number };
  written: string[];
  reused: string[];
  removed: string[];
  /** What the remote (S3) cache level did, when one is configured. */
  remoteCache?: RemoteCacheStats;
  durationMs: number;
}

async function timed<T>(events: EventSink, phase: Phase, fn: () => Promise<T>, total?: number): Promise<T> {
  const start = performance.now();
  events({ type: "phase-start", phase, ...(total !== undefined ? { total } : {}) });
  const result = await fn();
  events({ type: "phase-end", phase, ms: Math.round(performance.now() - start) });
  return result;
}

function sourceDate(env: NodeJS.ProcessEnv): { epoch?: number; iso?: string } {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return {};
  const epoch = Number.parseInt(raw, 10);
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new PyvendorError("E_CONFIG", `SOURCE_DATE_EPOCH must be a non-negative integer, got "${raw}"`);
  }
  return { epoch, iso: new Date(epoch * 1000).toISOString().replace(/\.000Z$/, "Z") };
}

/** Packs the requirements into a bundle. See PackOptions; throws PyvendorError on user errors. */
export async function pack(options: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const date = sourceDate(env);

  const inputs = await timed(events, "inputs", async () =>
    readPackInputs({ requirementFiles: options.requirementFiles ?? [], specs: options.requirements ?? [], env, cwd }),
  );
  if (inputs.lines.length === 0) {
    throw new PyvendorError("E_USAGE", "Nothing to pack: give requirements with -r FILE or as arguments");
  }
  const { targets, pins } = await timed(events, "plan", async () => {
    const resolved: Target[] = [];
    for (const spec of options.pythons?.length ? options.pythons : ["python3"]) {
      const target = await resolveTarget(spec, { env, cacheDir: resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env }) });
      if (!resolved.some((t) => t.manifest.id === target.manifest.id)) resolved.push(target);
    }
    return { targets: resolved, pins: planPins(inputs.lines, resolved) };
  });
  const settings = resolveIndexSettings(
    {
      ...(inputs.options.indexUrl !== undefined ? { indexUrl: inputs.options.indexUrl } : {}),
      ...(inputs.options.extraIndexUrls.length ? { extraIndexUrls: inputs.options.extraIndexUrls } : {}),
      ...(inputs.options.findLinks.length ? { findLinks: inputs.options.findLinks } : {}),
      ...(inputs.options.trustedHosts.length ? { trustedHosts: inputs.options.trustedHosts } : {}),
      ...(inputs.options.noIndex ? { noIndex: true } : {}),
      ...options.index,
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    },
    env,
  );
  if (inputs.options.requireHashes) {
    const bare = pins.filter((p) => p.hashes.length === 0).map((p) => `${p.name}==${p.version}`);
    if (bare.length) throw new PyvendorError("E_HASH_REQUIRED", `--require-hashes is on and these have no --hash: ${bare.join(", ")}`);
  }
  const remote = settings.offline ? undefined : resolveS3Settings(options.remoteCache ?? {}, env);
  const cache = await openCache({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env, remote, events });
  const workRoot = path.join(cache.dir, "tmp");
  await mkdir(workRoot, { recursive: true });
  const workDir = await mkdtemp(path.join(workRoot, "pack-"));
  try {
    const ctx = { cache, settings, events, finder: createFinder(settings, { cache, events }) };
    const policy = {
      onlyBinary: [...inputs.options.onlyBinary, ...(options.onlyBinary ?? [])],
      noBinary: [...inputs.options.noBinary, ...(options.noBinary ?? [])],
      preferBinary: Boolean(options.preferBinary || inputs.options.preferBinary),
    };
    const fetched = await timed(events, "fetch", () => fetchPins(pins, targets, policy, ctx), pins.length);
    const frontend = createPipFrontend({ settings, env, configSettings: options.configSettings ?? {}, noBuildIsolation: Boolean(options.noBuildIsolation) });
    const requests: BuildStepRequest[] = fetched.selections.flatMap((sel) => {
      const sdist = sel.sdist ? fetched.paths.get(sel.sdist.filename) : undefined;
      if (!sel.sdist || !sdist) return [];
      const served = new Set(sel.wheels.flatMap((w) => w.targets));
      const todo = targets.filter((t) => sel.pin.targets.includes(t.manifest.id) && !served.has(t.manifest.id));
      return todo.length
        ? [{ pin: sel.pin, sdistPath: sdist.path, sdistFilename: sel.sdist.filename, sdistSha256: sdist.sha256, targets: todo }]
        : [];
    });
    const built = await timed(
      events,
      "build",
      () => buildAll(requests, { cache, frontend, workDir, jobs: settings.jobs, events }),
      requests.reduce((n, r) => n + r.targets.length, 0),
    );
    const wheels: PackedWheel[] = [...fetched.wheels, ...built];
    const closure = await timed(events, "close", async () => {
      const requiresDist = new Map<string, string[]>();
      const requiresPython = new Map<string, string>();
      for (const pin of pins) {
        const wheel = wheels.find((w) => w.pin.name === pin.name);
        if (!wheel) continue;
        const metadata = parseCoreMetadata(await readWheelMetadata(wheel.path));
        requiresDist.set(pin.name, metadata.requiresDist);
        if (metadata.requiresPython) requiresPython.set(pin.name, metadata.requiresPython);
      }
      const result = computeClosure(pins, requiresDist, targets);
      if (result.missing.length > 0) {
        const lines = [...new Set(result.missing.map((m) => `${m.requirement} (required by ${m.requiredBy}, for ${m.target}${m.pinned ? `; pinned ${m.pinned}` : ""})`))];
        throw new PyvendorError("E_UNPINNED_REQUIREMENT", `Dependencies are missing from the pins:\n${lines.join("\n")}`, {
          hint: `Add a pin for each: ${[...new Set(result.missing.map((m) => m.name))].join(", ")}`,
          data: { missing: result.missing },
        });
      }
      return { ...result, requiresPython };
    });
    const manifest = assembleManifest({
      pins,
      wheels,
      sources: fetched.sources(options.withSources ?? false),
      targets: targets.map((t) => t.manifest),
      requirements: inputs.requirements,
      dependencies: closure.dependencies,
      extras: closure.extras,
      requiresPython: closure.requiresPython,
      ...(options.name ? { name: options.name } : {}),
      ...(options.version ? { version: options.version } : {}),
      generatorVersion: packageVersion(),
      ...(date.iso ? { created: date.iso } : {}),
    });
    const files = wheels.map((w) => ({ bundlePath: `wheels/${w.filename}`, source: w.path }));
    if (options.withSources) {
      for (const sel of fetched.selections) {
        const sdist = sel.sdist ? fetched.paths.get(sel.sdist.filename) : undefined;
        if (sel.sdist && sdist) files.push({ bundlePath: `sources/${sel.sdist.filename}`, source: sdist.path });
      }
    }
    const written = await timed(events, "write", () =>
      writeBundle({
        output: path.resolve(cwd, options.output),
        ...(options.format ? { format: options.format } : {}),
        manifest,
        files: dedupeFiles(files),
        ...(date.epoch !== undefined ? { sourceDateEpoch: date.epoch } : {}),
      }),
    );
    return {
      output: written.output,
      format: written.format,
      bundleId: written.manifest.id,
      targets: targets.map((t) => t.manifest.id),
      packages: written.manifest.packages.map((p) => ({
        name: p.name,
        version: p.version,
        requested: p.requested,
        wheels: p.wheels.map((w) => w.filename),
      })),
      stats: {
        downloaded: fetched.downloaded,
        fromCache: fetched.fromCache,
        built: built.filter((w) => !w.fromCache).length,
        buildsCached: built.filter((w) => w.fromCache).length,
        wheelsDownloaded: fetched.wheels.length,
      },
      written: written.written,
      reused: written.reused,
      removed: written.removed,
      ...(cache.remote ? { remoteCache: await cache.remote.finish() } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** URLs go into the manifest without userinfo; local files only by name (no paths of this machine). */
function manifestUrl(url: string): string {
  return url.startsWith("file:") ? `file:${path.posix.basename(new URL(url).pathname)}` : url;
}

/** A local archive named in the requirements, as a distribution file with a file: URL. */
function localSelection(pin: Pin): Selection {
  const file = pin.path ?? "";
  const filename = path.basename(file);
  const kind = filename.endsWith(".whl") ? "wheel" : "sdist";
  const dist: DistributionFile = {
    project: pin.name,
    version: pin.version,
    filename,
    kind,
    url: pathToFileURL(file).href,
    hashes: {},
    yanked: false,
    index: "local file",
  };
  return kind === "wheel" ? { pin, wheels: [{ file: dist, targets: pin.targets }] } : { pin, sdist: dist, wheels: [] };
}

function dedupeFiles<T extends { bundlePath: string }>(files: T[]): T[] {
  return [...new Map(files.map((f) => [f.bundlePath, f])).values()];
}

interface FetchContext {
  cache: Awaited<ReturnType<typeof openCache>>;
  settings: IndexSettings;
  events: EventSink;
  finder: ReturnType<typeof createFinder>;
}

/** Fetch step: find each pin's release, select its files, download (or reuse) them. */
async function fetchPins(pins: Pin[], targets: Target[], policy: Parameters<typeof selectFiles>[3], ctx: FetchContext) {
  const remote = pins.filter((p) => p.path === undefined);
  const releases = await findReleases(
    remote.map((p) => ({ project: p.name, version: p.version })),
    ctx,
  );
  const selections: Selection[] = [];
  for (const pin of pins) {
    if (pin.path !== undefined) {
      selections.push(localSelection(pin));
      continue;
    }
    const files = releases.get(`${pin.name}==${pin.version}`) ?? [];
    selections.push(selectFiles(pin, files, targets, policy));
  }
  const wanted = selections.flatMap((sel) =>
    [...(sel.sdist ? [sel.sdist] : []), ...sel.wheels.map((w) => w.file)].map((file) => ({ file, expectedHashes: sel.pin.hashes })),
  );
  const downloads = await downloadFiles(wanted, ctx);
  const paths = new Map<string, { path: string; sha256: string; size: number; url: string }>();
  for (const d of downloads) paths.set(d.file.filename, { path: d.path, sha256: d.sha256, size: d.size, url: manifestUrl(d.file.url) });
  const wheels: PackedWheel[] = selections.flatMap((sel) =>
    sel.wheels.map((w) => {
      const got = paths.get(w.file.filename);
      if (!got) throw new Error(`internal: ${w.file.filename} was not fetched`);
      return {
        pin: sel.pin,
        filename: w.file.filename,
        path: got.path,
        sha256: got.sha256,
        size: got.size,
        tags: parseWheelFilename(w.file.filename).tags,
        origin: "downloaded" as const,
        targets: w.targets,
        url: got.url,
        systemLibraries: [],
      };
    }),
  );
  return {
    selections,
    paths,
    wheels,
    downloaded: downloads.filter((d) => !d.fromCache).length,
    fromCache: downloads.filter((d) => d.fromCache).length,
    sources(include: boolean): Map<string, PackedSource> {
      const out = new Map<string, PackedSource>();
      for (const sel of selections) {
        const got = sel.sdist ? paths.get(sel.sdist.filename) : undefined;
        if (!sel.sdist || !got) continue;
        out.set(sel.pin.name, {
          filename: sel.sdist.filename,
          url: got.url,
          sha256: got.sha256,
          size: got.size,
          ...(include ? { path: `sources/${sel.sdist.filename}` } : {}),
        });
      }
      return out;
    },
  };
}
