// The install pipeline (orchestration only): open → verify → select → check → stage venv → switch.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { Manifest } from "./bundle/manifest.js";
import { openBundle } from "./bundle/read.js";
import { resolveCacheDir } from "./cache/cache.js";
import { PyvendorError } from "./errors.js";
import { silentSink, type EventSink, type Phase } from "./events.js";
import { selectWheels } from "./install/select.js";
import { stageAndSwap } from "./python/stage.js";
import { resolveTarget, type Target } from "./python/target.js";
import { createVenv } from "./python/venv.js";
import { assertNoProblems, checkImports, checkInstalled } from "./wheel/check-installed.js";
import { checkTarget } from "./wheel/check-target.js";
import { installWheels, type LinkMode } from "./wheel/install.js";

export interface InstallOptions {
  /** A bundle directory, .tar.gz or .zip. */
  bundle: string;
  /** Where the venv goes (created atomically). */
  venv: string;
  /** Interpreter ("3.12", "python3.12", a path); default: the bundle's first target version found. */
  python?: string;
  /** Replace an existing venv atomically. */
  force?: boolean;
  cacheDir?: string;
  linkMode?: LinkMode;
  compile?: boolean;
  relocatable?: boolean;
  checkImports?: boolean;
  jobs?: number;
  env?: NodeJS.ProcessEnv;
  events?: EventSink;
}

export interface InstallResult {
  venv: string;
  bundleId: string;
  python: string;
  target: string;
  packages: { name: string; version: string; wheel: string }[];
  files: number;
  durationMs: number;
}

async function timed<T>(events: EventSink, phase: Phase, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  events({ type: "phase-start", phase });
  const result = await fn();
  events({ type: "phase-end", phase, ms: Math.round(performance.now() - start) });
  return result;
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

/** Installs a bundle into a new venv, offline. Nothing is written to `venv` before every check passed. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const finalPath = path.resolve(options.venv);
  const reader = await timed(events, "open", () => openBundle(path.resolve(options.bundle)));
  const cacheDir = resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env });
  const tmpRoot = path.join(cacheDir, "tmp");
  await mkdir(tmpRoot, { recursive: true });
  const extractDir = await mkdtemp(path.join(tmpRoot, "install-"));
  try {
    const manifest = reader.manifest;
    const target = await chooseTarget(manifest, options.python, { env, cacheDir });
    const selected = await timed(events, "select", async () => selectWheels(manifest, target));
    await timed(events, "check", async () =>
      checkTarget({
        packages: selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version, wheel: s.wheel })),
        supportedTags: target.supportedTags,
        python: target.info,
      }),
    );
    const local = await timed(events, "verify", () => reader.extract(selected.map((s) => `wheels/${s.wheel.filename}`), extractDir));
    const report = await timed(events, "stage", () =>
      stageAndSwap(finalPath, { force: Boolean(options.force) }, async (stagingDir) => {
        const layout = await createVenv({
          stagingDir,
          finalPath,
          python: target.info,
          ...(options.relocatable ? { relocatable: true } : {}),
        });
        const installed = await installWheels({
          layout,
          python: target.info,
          wheels: selected.map((s) => ({
            path: local.get(`wheels/${s.wheel.filename}`) ?? "",
            name: s.pkg.name,
            sha256: s.wheel.sha256,
            requested: s.pkg.requested,
            extras: s.pkg.extras,
          })),
          storeDir: path.join(cacheDir, "unpacked-v1"),
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
      }),
    );
    return {
      venv: finalPath,
      bundleId: manifest.id,
      python: target.info.executable,
      target: target.manifest.id,
      packages: selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version, wheel: s.wheel.filename })),
      files: report.files,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await reader.close();
    await rm(extractDir, { recursive: true, force: true });
  }
}
