// The install pipeline (orchestration only): open → verify → select → check → stage venv → switch.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { Manifest } from "./bundle/manifest.js";
import { openBundle } from "./bundle/read.js";
import { resolveCacheDir, UNPACKED_BUCKET } from "./cache/cache.js";
import { runChecks, type CheckResult } from "./deploy/checks.js";
import { flushFileSystem } from "./deploy/durable.js";
import { removeRelease } from "./deploy/gc.js";
import { makeCurrent } from "./deploy/make-current.js";
import { writeFileList, writeRecord } from "./deploy/record.js";
import { findReusable, newReleaseName } from "./deploy/reuse.js";
import type { LockedRoot } from "./deploy/root.js";
import { PyvendorError } from "./errors.js";
import { silentSink, timed, type EventSink } from "./events.js";
import { reuseRelease, type ReleaseInstallOptions, type ReleaseInstallResult } from "./install/releases.js";
import { selectWheels, type SelectedWheel } from "./install/select.js";
import { stageAndSwap } from "./python/stage.js";
import { resolveTarget, type Target } from "./python/target.js";
import { createVenv } from "./python/venv.js";
import { packageVersion } from "./version.js";
import { assertNoProblems, checkImports, checkInstalled } from "./wheel/check-installed.js";
import { checkTarget } from "./wheel/check-target.js";
import { installWheels, type InstallReport, type LinkMode, type WheelInput } from "./wheel/install.js";
import { pipWheelInput } from "./wheel/pip-wheel.js";
import { checkCanCreate } from "./user-paths.js";
import { scratchPrefix, sweepDeadScratch, trackScratch } from "./interrupt.js";

/** What every install needs, wherever the venv goes. */
export interface BaseInstallOptions {
  /** A bundle directory, .tar.gz or .zip. */
  bundle: string;
  /** Interpreter ("3.12", "python3.12", a path); default: the bundle's first target version found. */
  python?: string;
  cacheDir?: string;
  linkMode?: LinkMode;
  compile?: boolean;
  relocatable?: boolean;
  checkImports?: boolean;
  /**
   * Put pip into the venv (venvs have none by default): the bundle's pip when it has one (it is
   * installed anyway), else the pip wheel the interpreter ships for ensurepip — offline either way.
   */
  withPip?: boolean;
  jobs?: number;
  env?: NodeJS.ProcessEnv;
  events?: EventSink;
}

export interface InstallOptions extends BaseInstallOptions {
  /** Where the venv goes (created atomically). */
  venv: string;
  /** Replace an existing venv atomically. */
  force?: boolean;
}

export interface InstallResult {
  venv: string;
  bundleId: string;
  python: string;
  target: string;
  packages: { name: string; version: string; wheel: string }[];
  files: number;
  /** Wheels found already unpacked in the store (linked), and wheels unpacked into it now. */
  store: { hits: number; misses: number };
  durationMs: number;
}

/** The interpreter to install with: the one asked for, else the first bundle target's version found. */
export async function chooseTarget(
  manifest: Manifest,
  spec: string | undefined,
  options: { env: NodeJS.ProcessEnv; cacheDir?: string },
): Promise<Target> {
  if (spec) return resolveTarget(spec, options);
  for (const t of manifest.targets) {
    const [major, minor] = t.pythonVersion.split(".");
    try {
      return await resolveTarget(`${major}.${minor}`, options);
    } catch (err: unknown) {
      if (!(err instanceof PyvendorError && err.code === "E_PYTHON_NOT_FOUND")) throw err;
    }
  }
  return resolveTarget("python3", options);
}

/** A verified bundle with its wheels for one target extracted to a scratch directory. */
interface Prepared {
  manifest: Manifest;
  target: Target;
  selected: SelectedWheel[];
  local: Map<string, string>;
  cacheDir: string;
  close(): Promise<void>;
}

/** Steps open → select → check → verify: nothing is written to any destination before they pass. */
async function prepare(options: BaseInstallOptions, events: EventSink, env: NodeJS.ProcessEnv): Promise<Prepared> {
  const reader = await timed(events, "open", () => openBundle(path.resolve(options.bundle)));
  const cacheDir = resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env });
  const tmpRoot = path.join(cacheDir, "tmp");
  let release = () => {};
  const close = async () => {
    await reader.close();
    if (extractDir) await rm(extractDir, { recursive: true, force: true });
    release();
  };
  let extractDir: string | undefined;
  try {
    await mkdir(tmpRoot, { recursive: true });
    await sweepDeadScratch(tmpRoot);
    extractDir = await mkdtemp(path.join(tmpRoot, scratchPrefix("install")));
    release = trackScratch(extractDir);
    const manifest = reader.manifest;
    const dir = extractDir;
    // Starting Python to inspect it takes tens of milliseconds: when the bundle has one target,
    // every wheel in it is one we will need, so verify them all while the interpreter answers.
    const targetPromise = chooseTarget(manifest, options.python, { env, cacheDir });
    const early =
      manifest.targets.length === 1
        ? timed(events, "verify", () => reader.extract(manifest.packages.flatMap((p) => p.wheels.map((w) => `wheels/${w.filename}`)), dir))
        : undefined;
    const [targetOutcome, earlyOutcome] = await Promise.allSettled([targetPromise, early]);
    if (targetOutcome.status === "rejected") throw targetOutcome.reason;
    if (earlyOutcome.status === "rejected") throw earlyOutcome.reason;
    const target = targetOutcome.value;
    const selected = await timed(events, "select", async () => selectWheels(manifest, target));
    await timed(events, "check", async () =>
      checkTarget({
        packages: selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version, wheel: s.wheel })),
        supportedTags: target.supportedTags,
        python: target.info,
      }),
    );
    const local = earlyOutcome.value ?? (await timed(events, "verify", () => reader.extract(selected.map((s) => `wheels/${s.wheel.filename}`), dir)));
    return { manifest, target, selected, local, cacheDir, close };
  } catch (err: unknown) {
    await close();
    throw err;
  }
}

/** Creates the venv for `finalPath` in `stagingDir`, installs every selected wheel, checks the result. */
async function populateVenv(
  prepared: Prepared,
  where: { stagingDir: string; finalPath: string },
  options: BaseInstallOptions,
  events: EventSink,
): Promise<InstallReport> {
  const { target, selected, local } = prepared;
  const layout = await createVenv({
    ...where,
    python: target.info,
    ...(options.relocatable ? { relocatable: true } : {}),
    ...(options.withPip ? { withPip: true } : {}),
  });
  const wheels: WheelInput[] = selected.map((s) => ({
    path: local.get(`wheels/${s.wheel.filename}`) ?? "",
    name: s.pkg.name,
    sha256: s.wheel.sha256,
    requested: s.pkg.requested,
    extras: s.pkg.extras,
  }));
  if (options.withPip && !selected.some((s) => s.pkg.name === "pip")) wheels.push(await pipWheelInput(target.info));
  const installed = await installWheels({
    layout,
    python: target.info,
    wheels,
    storeDir: path.join(prepared.cacheDir, UNPACKED_BUCKET),
    ...(options.linkMode ? { linkMode: options.linkMode } : {}),
    ...(options.compile ? { compile: true } : {}),
    ...(options.relocatable ? { relocatable: true } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    events,
  });
  assertNoProblems(
    await checkInstalled({
      layout,
      python: target.info,
      requested: selected.filter((s) => s.pkg.requested).map((s) => ({ name: s.pkg.name, extras: s.pkg.extras })),
    }),
  );
  if (options.checkImports) await checkImports({ layout });
  return installed;
}

const packagesOf = (selected: SelectedWheel[]) =>
  selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version, wheel: s.wheel.filename }));

/** Installs a bundle into a new venv, offline. Nothing is written to `venv` before every check passed. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const finalPath = path.resolve(options.venv);
  await checkCanCreate(finalPath, "create"); // a path mistake is reported before the bundle is read
  const prepared = await prepare(options, events, env);
  try {
    const report = await timed(events, "stage", () =>
      stageAndSwap(finalPath, { force: Boolean(options.force) }, (stagingDir) =>
        populateVenv(prepared, { stagingDir, finalPath }, options, events),
      ),
    );
    return {
      venv: finalPath,
      bundleId: prepared.manifest.id,
      python: prepared.target.info.executable,
      target: prepared.target.manifest.id,
      packages: packagesOf(prepared.selected),
      files: report.files,
      store: { hits: report.storeHits, misses: report.storeMisses },
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await prepared.close();
  }
}

/**
 * The full path of `install --releases` (the caller holds the root's lock and found no intact
 * release of this bundle cheaply): verify and select as for a venv, stage the release under
 * releases/, rename it into place, run the health checks in it, write its record, switch.
 * A failed check removes the new release and leaves `current` alone.
 */
export async function buildRelease(options: ReleaseInstallOptions, locked: LockedRoot, started: number): Promise<ReleaseInstallResult> {
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const prepared = await prepare(options, events, env);
  try {
    const { manifest, target } = prepared;
    const existing = await findReusable(locked, { bundleId: manifest.id, python: target.info, relocatable: Boolean(options.relocatable) });
    if (existing) return await reuseRelease(options, locked, existing, started);
    const name = newReleaseName(locked, manifest);
    const finalPath = path.join(locked.paths.releases, name);
    const { report, files } = await timed(events, "stage", () =>
      stageAndSwap(finalPath, {}, async (stagingDir) => {
        const report = await populateVenv(prepared, { stagingDir, finalPath }, options, events);
        return { report, files: await writeFileList(stagingDir) };
      }),
    );
    const checks = options.checks ?? [];
    let results: CheckResult[];
    try {
      results = await runChecks(checks, { venv: finalPath, env, events });
      await writeRecord(finalPath, {
        format: 1,
        release: name,
        bundleId: manifest.id,
        name: manifest.name ?? null,
        version: manifest.version ?? null,
        bundle: path.resolve(options.bundle),
        installedAt: new Date().toISOString(),
        pyvendor: packageVersion(),
        python: {
          executable: target.info.executable,
          realExecutable: target.info.realExecutable,
          version: target.info.version,
          target: target.manifest.id,
        },
        relocatable: Boolean(options.relocatable),
        checks,
        packages: prepared.selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version })),
        files,
      });
    } catch (err: unknown) {
      await removeRelease(locked.paths, name);
      throw err;
    }
    // Every file of the release (and its record) reaches the disk before `current` can name it.
    await flushFileSystem(finalPath);
    const switched = await timed(events, "switch", () => makeCurrent(locked, name, { action: "install", keep: options.keep ?? 5, events }));
    return {
      root: locked.paths.root,
      release: name,
      path: finalPath,
      reused: false,
      bundleId: manifest.id,
      python: target.info.executable,
      packages: prepared.selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version })),
      files: report.files,
      checks: results,
      ...switched,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await prepared.close();
  }
}
