// `install --releases`: lock the root, switch to an intact release of the bundle if there is one, else build it.
import path from "node:path";
import { runChecks, type CheckResult } from "../deploy/checks.js";
import type { ReleaseEntry } from "../deploy/list.js";
import { makeCurrent } from "../deploy/make-current.js";
import { peekManifest } from "../deploy/peek-manifest.js";
import { expectedPython, findReusable } from "../deploy/reuse.js";
import { lockRoot, type LockedRoot } from "../deploy/root.js";
import type { OpenedBundle } from "../bundle/read.js";
import { silentSink, timed } from "../events.js";
import { checkCanCreate, userPathError } from "../user-paths.js";
import type { BaseInstallOptions } from "./prepare.js";

export interface ReleaseInstallOptions extends BaseInstallOptions {
  /** The releases root: releases go to ROOT/releases/<name>, ROOT/current points at the live one. */
  releases: string;
  /** Shell commands run in the new release (venv activated) before the switch; any failure aborts it. */
  checks?: string[];
  /** Releases to keep after a switch (default 5); the current and previous one are always kept. */
  keep?: number;
  /** Wait for another install or rollback on the root (default true); false throws E_LOCKED. */
  wait?: boolean;
}

export interface ReleaseInstallResult {
  root: string;
  release: string;
  /** The release directory (a venv). */
  path: string;
  /** True when an intact release of this bundle existed and was switched to without installing. */
  reused: boolean;
  bundleId: string;
  python: string;
  packages: { name: string; version: string }[];
  files: number;
  checks: CheckResult[];
  current: string;
  from: string | null;
  previous: string | null;
  removed: string[];
  durationMs: number;
}

/** Switches to an existing intact release (running the checks first, when any are given). */
async function reuseRelease(
  options: ReleaseInstallOptions,
  locked: LockedRoot,
  entry: ReleaseEntry,
  started: number,
): Promise<ReleaseInstallResult> {
  const events = options.events ?? silentSink;
  events({ type: "info", message: `release ${entry.name} is already installed and intact` });
  const checks = await runChecks(options.checks ?? [], { venv: entry.dir, env: options.env ?? process.env, events });
  const switched = await makeCurrent(locked, entry.name, { action: "reuse", keep: options.keep ?? 5, events });
  return {
    root: locked.paths.root,
    release: entry.name,
    path: entry.dir,
    reused: true,
    bundleId: entry.record.bundleId,
    python: entry.record.python.executable,
    packages: entry.record.packages,
    files: entry.record.files.count,
    checks,
    ...switched,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Installs a bundle as an immutable release under `options.releases` and makes it current.
 * A bundle whose release exists and is intact is switched to without installing anything (and
 * without loading the bundle reader or the wheel installer); otherwise the full pipeline runs.
 */
export async function installRelease(options: ReleaseInstallOptions): Promise<ReleaseInstallResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  let locked: Awaited<ReturnType<typeof lockRoot>>;
  try {
    locked = await lockRoot(options.releases, {
      create: true,
      command: "install",
      events,
      ...(options.wait === false ? { wait: false } : {}),
    });
  } catch (err: unknown) {
    // A path mistake (a file where the root's parent should be, no permission) is E_IO naming it.
    await checkCanCreate(options.releases, "create releases in");
    throw userPathError(err, path.resolve(options.releases), "create releases in");
  }
  let opened: OpenedBundle | undefined;
  let handedOver = false;
  try {
    // The one reuse decision: the bundle's id (its manifest read cheaply, without the bundle reader
    // when it can be) and the interpreter the install would use (found, not run).
    const bundle = path.resolve(options.bundle);
    let manifest = peekManifest(bundle);
    if (!manifest) {
      // An archive whose manifest is not its first entry: the bundle reader finds it, and is kept.
      const { openBundle } = await import("../bundle/read.js");
      opened = await timed(events, "open", () => openBundle(bundle));
      manifest = opened.manifest;
    }
    const python = await expectedPython(manifest, options.python, options.env ?? process.env);
    const existing = python && (await findReusable(locked, { bundleId: manifest.id, python, relocatable: Boolean(options.relocatable) }));
    if (existing) return await reuseRelease(options, locked, existing, started);
    // Loaded only now: the bundle reader, schema validation and the wheel installer.
    const { buildRelease } = await import("./build-release.js");
    handedOver = true;
    return await buildRelease(options, { locked, started, ...(opened ? { opened } : {}) });
  } finally {
    if (!handedOver) await opened?.close();
    locked.lock.release();
  }
}
