// The wheel installer: unpack (or reuse) every wheel, plan, check conflicts, place, compile, RECORD.
import { readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { silentSink, type EventSink } from "../events.js";
import type { PythonInfo } from "../python/interpreter.js";
import type { VenvLayout } from "../python/venv.js";
import { compileBytecode, type Invalidation } from "./compile.js";
import { diskDestination } from "./destination.js";
import { planWheel, resolveConflicts, type DistPlan } from "./install-plan.js";
import { createLinker, type LinkMode } from "./link.js";
import { makeDirectories, placeFiles, writeRecords, type PackageReport } from "./place.js";
import { markLinked, unpackWheels } from "./store.js";

export type { LinkMode } from "./link.js";
export type { PackageReport } from "./place.js";

export interface WheelInput {
  path: string;
  /** Project name (for messages and events). */
  name: string;
  /** sha256 (hex) of the wheel file: the store key; checked on a store miss. */
  sha256: string;
  /** Named in the top-level requirements (writes REQUESTED). */
  requested: boolean;
  extras?: string[];
}

export interface InstallOptions {
  layout: VenvLayout;
  python: PythonInfo;
  wheels: WheelInput[];
  /** The shared unpacked-wheel store (`<cache>/unpacked-v2`); without it, a scratch store in the venv is used and removed. */
  storeDir?: string;
  linkMode?: LinkMode;
  compile?: boolean;
  invalidation?: Invalidation;
  /** Launchers find python next to themselves (default: layout.relocatable). */
  relocatable?: boolean;
  /** Bytecode compile workers (default: the number of cores). Wheels are unpacked in this thread. */
  jobs?: number;
  events?: EventSink;
}

export interface InstallReport {
  packages: PackageReport[];
  files: number;
  bytes: number;
  storeHits: number;
  storeMisses: number;
  compileFailures: { source: string; error: string }[];
  ms: number;
}

function currentUmask(): number {
  const old = process.umask(0o022);
  process.umask(old);
  return old;
}

/**
 * Installs `wheels` into the venv at `layout.stagingDir`, by the wheel spec, as pip would
 * (paths, modes, launchers, RECORD relative to site-packages) with INSTALLER `pyvendor`.
 * Throws E_HASH_MISMATCH, E_UNSAFE_PATH, E_UNSAFE_ENTRY, E_RECORD_MISMATCH, E_WHEEL_INVALID or
 * E_FILE_CONFLICT before placing any file (E_FILE_CONFLICT also for a file the venv itself
 * has, found while placing); the caller discards the staging dir on failure.
 */
export async function installWheels(options: InstallOptions): Promise<InstallReport> {
  const started = performance.now();
  const { layout, python } = options;
  const events = options.events ?? silentSink;
  const jobs = options.jobs ?? os.availableParallelism();
  const root = layout.stagingDir;
  const scratch = options.storeDir ? undefined : path.join(root, ".pyvendor-unpack");
  const storeDir = options.storeDir ?? (scratch as string);
  await mkdir(storeDir, { recursive: true });
  const umask = currentUmask();
  try {
    const unpacked = await unpackWheels(options.wheels, { storeDir, readOnly: !scratch, umask });
    const relocatable = options.relocatable ?? layout.relocatable ?? false;
    const version: [number, number] = [python.versionInfo[0], python.versionInfo[1]];
    const plans = unpacked.map((u, i) =>
      planWheel(u, { layout, pythonVersion: version, requested: options.wheels[i]?.requested ?? false, relocatable }),
    );
    const toPlace = resolveConflicts(plans);
    // Before the first link: from now on this entry's files can change through a venv.
    if (options.linkMode === "hardlink" && !scratch) for (const u of unpacked) markLinked(storeDir, u.sha256);
    const destination = diskDestination(root, createLinker(options.linkMode ?? "auto", events), umask);
    makeDirectories(plans, destination);
    const placed = placeFiles(plans, toPlace, {
      destination,
      readSource: (src) => readFileSync(src),
      interpreter: path.join(layout.finalPath, layout.scripts, "python"),
      relocatable,
      umask,
      storeHits: unpacked.map((u) => u.hit),
      events,
    });
    const pyc = options.compile ? await compilePlans(plans, layout, python, jobs, options.invalidation) : undefined;
    // Again after: an entry retired and unpacked afresh by another process meanwhile is linked now too.
    if (options.linkMode === "hardlink" && !scratch) for (const u of unpacked) markLinked(storeDir, u.sha256);
    writeRecords(plans, placed, { destination, umask, ...(pyc ? { compiled: pyc.byPlan } : {}) });
    const reports = placed.reports;
    return {
      packages: reports,
      files: reports.reduce((n, r) => n + r.files, 0),
      bytes: reports.reduce((n, r) => n + r.bytes, 0),
      storeHits: unpacked.filter((u) => u.hit).length,
      storeMisses: unpacked.filter((u) => !u.hit).length,
      compileFailures: pyc?.failed ?? [],
      ms: Math.round(performance.now() - started),
    };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

async function compilePlans(plans: DistPlan[], layout: VenvLayout, python: PythonInfo, jobs: number, invalidation?: Invalidation) {
  const root = layout.stagingDir;
  const owner = new Map<string, number>();
  const sources: { source: string; displayPath: string }[] = [];
  plans.forEach((plan, i) => {
    for (const f of plan.files) {
      if (f.kind !== "link" || !f.dest.endsWith(".py") || owner.has(f.dest)) continue;
      owner.set(f.dest, i);
      sources.push({ source: path.join(root, f.dest), displayPath: path.join(layout.finalPath, f.dest) });
    }
  });
  const result = await compileBytecode({ python: python.executable, jobs: sources, workers: jobs, ...(invalidation ? { invalidation } : {}) });
  const byPlan: string[][] = plans.map(() => []);
  for (const [source, pycPath] of result.compiled) {
    const dest = path.relative(root, source).split(path.sep).join("/");
    byPlan[owner.get(dest) as number]?.push(path.relative(root, pycPath).split(path.sep).join("/"));
  }
  return { byPlan, failed: result.failed };
}
