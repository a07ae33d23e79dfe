// The wheel installer: unpack (or reuse) every wheel, plan, check conflicts, place, compile, RECORD.
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { silentSink, type EventSink } from "../events.js";
import type { PythonInfo } from "../python/interpreter.js";
import type { VenvLayout } from "../python/venv.js";
import { compileBytecode, type Invalidation } from "./compile.js";
import { planWheel, recordRows, resolveConflicts, type DistPlan } from "./install-plan.js";
import { createLinker, type LinkMethod, type LinkMode } from "./link.js";
import { formatRecord, sha256Record } from "./record.js";
import { rewritePythonShebang } from "./shebang.js";
import { unpackWheels } from "./store.js";

export type { LinkMode } from "./link.js";

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
  /** The shared unpacked-wheel store (`<cache>/unpacked-v1`); without it, a scratch store in the venv is used and removed. */
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

export interface PackageReport {
  name: string;
  version: string;
  files: number;
  bytes: number;
  linked: number;
  reflinked: number;
  copied: number;
  /** Files written fresh (launchers, rewritten scripts, INSTALLER, REQUESTED, RECORD). */
  written: number;
  compiled: number;
  storeHit: boolean;
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

function fileMode(exec: boolean, umask: number): number {
  return exec ? (0o777 & ~umask) | 0o111 : 0o666 & ~umask;
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
    makeDirectories(root, plans);

    const linker = createLinker(options.linkMode ?? "auto", events);
    const reports: PackageReport[] = [];
    const rewritten = new Map<string, { hash: string; size: number }>();
    const interpreter = path.join(layout.finalPath, layout.scripts, "python");
    let done = 0;
    for (const [i, plan] of plans.entries()) {
      const report: PackageReport = {
        name: plan.name, version: plan.version, files: 0, bytes: 0, linked: 0, reflinked: 0, copied: 0, written: 0, compiled: 0,
        storeHit: unpacked[i]?.hit ?? false,
      };
      const count = (method: LinkMethod | "written", bytes: number) => {
        report.files++;
        report.bytes += bytes;
        if (method === "hardlink") report.linked++;
        else if (method === "reflink") report.reflinked++;
        else if (method === "copy") report.copied++;
        else report.written++;
      };
      // Synchronous on purpose: one system call per hard link, none of the promise machinery
      // that costs more than the link itself for thousands of small files.
      for (const file of toPlace[i] ?? []) {
        const dest = `${root}/${file.dest}`; // dest is normalized and relative
        const mode = fileMode(file.exec, umask);
        try {
          if (file.kind === "link") {
            count(linker.place(file.src as string, dest, mode), file.size);
            continue;
          }
          const body = file.kind === "generated"
            ? Buffer.from(file.content ?? "")
            : rewritePythonShebang(readFileSync(file.src as string), interpreter, { relocatable });
          if (file.kind === "shebang") rewritten.set(file.dest, { hash: sha256Record(body), size: body.length });
          // "wx": never through a link or over a file the venv already has (bin/python is a link out of it).
          writeFileSync(dest, body, { mode: file.kind === "generated" && file.exec ? (0o666 & ~umask) | 0o555 : mode, flag: "wx" });
          count("written", body.length);
        } catch (err: unknown) {
          if (isErrno(err, "EEXIST")) throw venvConflict(plan.name, file.dest);
          throw err;
        }
      }
      reports.push(report);
      events({ type: "install-progress", done: ++done, total: plans.length, project: plan.name });
    }

    const pyc = options.compile ? await compilePlans(plans, layout, python, jobs, options.invalidation) : undefined;
    for (const [i, plan] of plans.entries()) {
      const extra = pyc?.byPlan[i] ?? [];
      const report = reports[i] as PackageReport;
      report.compiled = extra.length;
      const text = formatRecord(recordRows(plan, rewritten, extra));
      try {
        writeFileSync(path.join(root, plan.distInfo, "RECORD"), text, { mode: 0o666 & ~umask, flag: "wx" });
      } catch (err: unknown) {
        throw isErrno(err, "EEXIST") ? venvConflict(plan.name, `${plan.distInfo}/RECORD`) : err;
      }
      report.written++;
      report.files++;
    }
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

function venvConflict(project: string, dest: string): PyvendorError {
  return new PyvendorError("E_FILE_CONFLICT", `${project} installs ${dest}, which the venv itself already has`, {
    data: { path: dest, packages: [project] },
  });
}

/**
 * Creates every directory the plans write into, then checks that each one's real path lies under
 * the staging directory's: a second line of defence (after the plan's own path checks) against a
 * path that would leave the venv through a link the venv has (lib64, bin/python), checked before
 * any file is written. Throws E_UNSAFE_PATH, or E_FILE_CONFLICT when a directory would replace a
 * file of the venv.
 */
function makeDirectories(root: string, plans: DistPlan[]): void {
  const dirs = new Set<string>();
  for (const plan of plans) for (const f of plan.files) dirs.add(path.posix.dirname(f.dest));
  const realRoot = realpathSync.native(root);
  for (const d of [...dirs].sort()) {
    const dir = path.join(root, d);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err: unknown) {
      if (isErrno(err, "EEXIST") || isErrno(err, "ENOTDIR")) {
        const owner = plans.find((p) => p.files.some((f) => f.dest.startsWith(`${d}/`)));
        throw venvConflict(owner?.name ?? "a package", d);
      }
      throw err;
    }
    const real = realpathSync.native(dir);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new PyvendorError("E_UNSAFE_PATH", `${d} leads out of the venv (to ${real})`, { data: { path: d } });
    }
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
