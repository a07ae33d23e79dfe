// Install steps open → select → check → verify, shared by both destinations (a venv, a release).
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import path from "node:path";
import type { Manifest } from "../bundle/manifest.js";
import { openBundle, type OpenedBundle } from "../bundle/read.js";
import { resolveCacheDir } from "../cache/cache.js";
import { MANIFESTS_CHECKED_BUCKET, passedChecks } from "../cache/passed-checks.js";
import { openVerifiedFiles } from "../cache/verified-files.js";
import { PyvendorError } from "../errors.js";
import { timed, type EventSink } from "../events.js";
import { scratchPrefix, sweepDeadScratch, trackScratch } from "../interrupt.js";
import { resolveTarget, type Target } from "../python/target.js";
import { checkTarget } from "../wheel/check-target.js";
import type { LinkMode } from "../wheel/install.js";
import { selectWheels, type SelectedWheel } from "./select.js";

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
export interface Prepared {
  manifest: Manifest;
  target: Target;
  selected: SelectedWheel[];
  /** Bundle path ("wheels/x.whl") → a verified file to read it from. */
  local: Map<string, string>;
  cacheDir: string;
  /** Closes the bundle and removes the scratch directory. */
  close(): Promise<void>;
}

/**
 * Steps open → select → check → verify: nothing is written to any destination before they pass.
 * `opened` is the bundle when the caller has opened it already (prepare closes it either way).
 * Throws the bundle's codes, E_PYTHON_NOT_FOUND, E_NO_COMPATIBLE_WHEEL and checkTarget's codes.
 */
export async function prepare(
  options: BaseInstallOptions,
  context: { events: EventSink; env: NodeJS.ProcessEnv; opened?: OpenedBundle },
): Promise<Prepared> {
  const { events, env } = context;
  const cacheDir = resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env });
  const reader =
    context.opened ??
    (await timed(events, "open", () => openBundle(path.resolve(options.bundle), { validated: passedChecks(cacheDir, MANIFESTS_CHECKED_BUCKET) })));
  const tmpRoot = path.join(cacheDir, "tmp");
  let release = () => {};
  let extractDir: string | undefined;
  const close = async () => {
    await reader.close();
    if (extractDir) await rm(extractDir, { recursive: true, force: true });
    release();
  };
  try {
    await mkdir(tmpRoot, { recursive: true });
    await sweepDeadScratch(tmpRoot);
    extractDir = await mkdtemp(path.join(tmpRoot, scratchPrefix("install")));
    release = trackScratch(extractDir);
    const manifest = reader.manifest;
    const dir = extractDir;
    // A directory bundle's files hashed on an earlier install and unchanged since (same stat) are
    // not read again; an archive is read whole anyway.
    const verified = reader.kind === "dir" ? openVerifiedFiles(cacheDir, await realpath(reader.path)) : undefined;
    const extract = async (paths: string[]) => {
      const out = await reader.extract(paths, dir, verified ? { verified } : {});
      await verified?.save();
      return out;
    };
    // Starting Python to inspect it takes tens of milliseconds: when the bundle has one target,
    // every wheel in it is one we will need, so verify them all while the interpreter answers.
    const targetPromise = chooseTarget(manifest, options.python, { env, cacheDir });
    const early =
      manifest.targets.length === 1
        ? timed(events, "verify", () => extract(manifest.packages.flatMap((p) => p.wheels.map((w) => `wheels/${w.filename}`))))
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
    const local = earlyOutcome.value ?? (await timed(events, "verify", () => extract(selected.map((s) => `wheels/${s.wheel.filename}`))));
    return { manifest, target, selected, local, cacheDir, close };
  } catch (err: unknown) {
    await close();
    throw err;
  }
}
