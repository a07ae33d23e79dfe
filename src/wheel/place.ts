// Install steps "place" and "record": every planned file and each RECORD into a destination (no disk of its own).
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { silentSink, type EventSink } from "../events.js";
import type { Destination } from "./destination.js";
import { recordRows, type DistPlan, type PlannedFile } from "./install-plan.js";
import type { LinkMethod } from "./link.js";
import { formatRecord, sha256Record } from "./record.js";
import { rewritePythonShebang } from "./shebang.js";

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

/** Rewritten scripts' RECORD hash and size, by destination. */
export type Rewritten = Map<string, { hash: string; size: number }>;

export interface PlaceOptions {
  destination: Destination;
  /** Reads a store file (a `#!python` script to rewrite). */
  readSource(src: string): Buffer;
  /** The venv's python as its scripts name it (the final path, not the staging one). */
  interpreter: string;
  relocatable: boolean;
  umask: number;
  /** Per plan: whether its wheel was already unpacked in the store (reported). */
  storeHits: boolean[];
  events?: EventSink;
}

/** A file's mode under the umask: executables get x for everyone the umask lets read. */
function fileMode(exec: boolean, umask: number): number {
  return exec ? (0o777 & ~umask) | 0o111 : 0o666 & ~umask;
}

function venvConflict(project: string, dest: string): PyvendorError {
  return new PyvendorError("E_FILE_CONFLICT", `${project} installs ${dest}, which the venv itself already has`, {
    data: { path: dest, packages: [project] },
  });
}

/**
 * Makes every directory the plans write into, parents first, before any file is written. Throws
 * E_UNSAFE_PATH (from the destination), or E_FILE_CONFLICT when a file of the venv is in the way.
 */
export function makeDirectories(plans: DistPlan[], destination: Destination): void {
  const dirs = new Set<string>();
  for (const plan of plans) for (const f of plan.files) dirs.add(path.posix.dirname(f.dest));
  for (const d of [...dirs].sort()) {
    try {
      destination.makeDirectory(d);
    } catch (err: unknown) {
      if (!isErrno(err, "EEXIST") && !isErrno(err, "ENOTDIR")) throw err;
      const owner = plans.find((p) => p.files.some((f) => f.dest.startsWith(`${d}/`)));
      throw venvConflict(owner?.name ?? "a package", d);
    }
  }
}

/**
 * Places each plan's files (`toPlace`, after resolveConflicts): store files linked or copied,
 * `#!python` scripts rewritten for `interpreter`, generated files written. Returns a report per
 * plan and the rewritten scripts' hashes (for RECORD). Throws E_FILE_CONFLICT for a path the venv
 * already has; other errors as the destination throws them.
 */
export function placeFiles(plans: DistPlan[], toPlace: PlannedFile[][], options: PlaceOptions): { reports: PackageReport[]; rewritten: Rewritten } {
  const { destination, umask } = options;
  const events = options.events ?? silentSink;
  const reports: PackageReport[] = [];
  const rewritten: Rewritten = new Map();
  for (const [i, plan] of plans.entries()) {
    const report: PackageReport = {
      name: plan.name, version: plan.version, files: 0, bytes: 0, linked: 0, reflinked: 0, copied: 0, written: 0, compiled: 0,
      storeHit: options.storeHits[i] ?? false,
    };
    const count = (method: LinkMethod | "written", bytes: number) => {
      report.files++;
      report.bytes += bytes;
      if (method === "hardlink") report.linked++;
      else if (method === "reflink") report.reflinked++;
      else if (method === "copy") report.copied++;
      else report.written++;
    };
    for (const file of toPlace[i] ?? []) {
      const mode = fileMode(file.exec, umask);
      try {
        if (file.kind === "link") {
          count(destination.place(file.src as string, file.dest, mode), file.size);
          continue;
        }
        const body = file.kind === "generated"
          ? Buffer.from(file.content ?? "")
          : rewritePythonShebang(options.readSource(file.src as string), options.interpreter, { relocatable: options.relocatable });
        if (file.kind === "shebang") rewritten.set(file.dest, { hash: sha256Record(body), size: body.length });
        // A launcher gets r-x for everyone on top of the umask's mode, as pip's script maker (distlib) sets it.
        destination.write(file.dest, body, file.kind === "generated" && file.exec ? (0o666 & ~umask) | 0o555 : mode);
        count("written", body.length);
      } catch (err: unknown) {
        if (isErrno(err, "EEXIST")) throw venvConflict(plan.name, file.dest);
        throw err;
      }
    }
    reports.push(report);
    events({ type: "install-progress", done: i + 1, total: plans.length, project: plan.name });
  }
  return { reports, rewritten };
}

/**
 * Writes each plan's RECORD (its files, the rewritten scripts' final hashes, `compiled[i]`'s
 * .pyc paths unhashed, RECORD itself) and counts it in the plan's report.
 */
export function writeRecords(
  plans: DistPlan[],
  placed: { reports: PackageReport[]; rewritten: Rewritten },
  options: { destination: Destination; umask: number; compiled?: string[][] },
): void {
  for (const [i, plan] of plans.entries()) {
    const extra = options.compiled?.[i] ?? [];
    const report = placed.reports[i] as PackageReport;
    report.compiled = extra.length;
    const dest = `${plan.distInfo}/RECORD`;
    try {
      options.destination.write(dest, formatRecord(recordRows(plan, placed.rewritten, extra)), 0o666 & ~options.umask);
    } catch (err: unknown) {
      throw isErrno(err, "EEXIST") ? venvConflict(plan.name, dest) : err;
    }
    report.written++;
    report.files++;
  }
}
