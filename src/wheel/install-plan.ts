// Where every file of an unpacked wheel goes in a venv, and what is generated (pure; no I/O).
import path from "node:path";
import { PyvendorError } from "../errors.js";
import type { VenvLayout } from "../python/venv.js";
import { safeComponent } from "../standards/path-component.js";
import { launcherBody, scriptEntryPoints, versionedScripts } from "./entry-points.js";
import { sha256Record, type RecordRow } from "./record.js";
import { shebang } from "./shebang.js";
import type { StoredFile, UnpackedWheel } from "./store.js";

/** A file to place: linked/copied from the store, rewritten (`#!python`), or generated. */
export interface PlannedFile {
  /** Destination relative to the venv root, `/`-separated. */
  dest: string;
  /** "link": from the store as is; "shebang": store file with its first line replaced; "generated": `content`. */
  kind: "link" | "shebang" | "generated";
  /** Absolute store path (link and shebang). */
  src?: string;
  content?: string;
  exec: boolean;
  /** RECORD hash for conflict checks and RECORD ("" when computed later, for shebang rewrites). */
  hash: string;
  size: number;
  /** The wheel path it came from (for messages), or "<generated>". */
  origin: string;
  /** The store file's RECORD hash (link and shebang), to compare two packages' files. */
  sourceHash?: string;
}

export interface DistPlan {
  name: string;
  version: string;
  /** lib dir (purelib or platlib) relative to the venv root: RECORD paths are relative to it. */
  libDir: string;
  /** dist-info directory relative to the venv root. */
  distInfo: string;
  files: PlannedFile[];
}

/** pyvendor's own files at the venv root (release record, file list, staging, temp files) all start so. */
const RESERVED_PREFIX = ".pyvendor-";

const SCHEME_KEYS = new Set(["purelib", "platlib", "headers", "scripts", "data"]);
const SKIPPED_INFO = new Set(["RECORD", "INSTALLER", "REQUESTED", "direct_url.json"]);

export interface PlanOptions {
  layout: VenvLayout;
  /** [major, minor] of the target (for pip's versioned script names). */
  pythonVersion: [number, number];
  requested: boolean;
  relocatable: boolean;
}

/** The script names setuptools writes for an entry point (pip skips them in .data/scripts). */
function wrapperName(file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith(".exe") || lower.endsWith(".pya")) return file.slice(0, -4);
  if (lower.endsWith("-script.py")) return file.slice(0, -10);
  return file;
}

/**
 * Joins venv-relative parts. Every part is a checked path already; a result that would still
 * leave the venv (absolute, or `..` first) is refused with E_UNSAFE_PATH, a second line of defence.
 */
function join(...parts: string[]): string {
  const joined = path.posix.normalize(parts.filter((p) => p !== "" && p !== ".").join("/"));
  if (joined.startsWith("/") || joined === ".." || joined.startsWith("../")) {
    throw new PyvendorError("E_UNSAFE_PATH", `${parts.join("/")} leaves the venv`, { data: { path: joined } });
  }
  return joined;
}

function dataDest(wheel: UnpackedWheel, file: StoredFile, layout: VenvLayout): string {
  const [, key = "", ...rest] = file.path.split("/");
  if (!SCHEME_KEYS.has(key) || rest.length === 0) {
    throw new PyvendorError("E_WHEEL_INVALID", `${wheel.filename}: ${file.path} is not under a .data scheme directory (purelib, platlib, headers, scripts, data)`);
  }
  const sub = rest.join("/");
  switch (key) {
    case "purelib":
      return join(layout.purelib, sub);
    case "platlib":
      return join(layout.platlib, sub);
    case "headers":
      // pip's headers directory is named after METADATA's Name: checked, never trusted.
      return join(layout.headers, safeComponent(wheel.name, "distribution name", wheel.filename), sub);
    case "scripts":
      return join(layout.scripts, sub);
    default:
      return join(layout.data, sub);
  }
}

/**
 * The files of one wheel in a venv: root files into purelib or platlib (Root-Is-Purelib),
 * `.data/<key>/` into the scheme's directory, `#!python` scripts to rewrite, entry-point
 * launchers, INSTALLER and REQUESTED. RECORD is left to the installer (it lists all of these).
 */
export function planWheel(wheel: UnpackedWheel, options: PlanOptions): DistPlan {
  const { layout } = options;
  const libDir = wheel.rootIsPurelib ? layout.purelib : layout.platlib;
  const entries = wheel.entryPoints ? scriptEntryPoints(wheel.entryPoints, wheel.filename) : [];
  const wrapperNames = new Set(entries.map((e) => e.name));
  const files: PlannedFile[] = [];
  for (const file of wheel.files) {
    const [top = "", second = ""] = file.path.split("/");
    if (top === wheel.distInfo && SKIPPED_INFO.has(file.path.slice(top.length + 1))) continue;
    const isData = top.endsWith(".data");
    if (isData && second === "scripts" && wrapperNames.has(wrapperName(path.posix.basename(file.path)))) continue;
    const dest = isData ? dataDest(wheel, file, layout) : join(libDir, file.path);
    if (dest.startsWith(RESERVED_PREFIX)) {
      throw new PyvendorError("E_FILE_CONFLICT", `${wheel.filename}: ${file.path} would install ${dest}, a name pyvendor keeps for its own files in the venv`, {
        data: { path: dest, packages: [wheel.name] },
      });
    }
    const src = `${wheel.root}/${file.path}`; // file.path is checked: no `..`, no empty parts
    const kind = isData && second === "scripts" && file.pythonShebang ? "shebang" : "link";
    files.push({ dest, kind, src, exec: file.exec, hash: kind === "link" ? file.hash : "", size: file.size, origin: file.path, sourceHash: file.hash });
  }
  const python = path.join(layout.finalPath, layout.scripts, "python");
  const head = shebang(python, { relocatable: options.relocatable });
  for (const entry of versionedScripts(entries, options.pythonVersion)) {
    const content = head + launcherBody(entry);
    files.push(generated(join(layout.scripts, entry.name), content, true));
  }
  const distInfo = join(libDir, wheel.distInfo);
  files.push(generated(`${distInfo}/INSTALLER`, "pyvendor\n", false));
  if (options.requested) files.push(generated(`${distInfo}/REQUESTED`, "", false));
  return { name: wheel.name, version: wheel.version, libDir, distInfo, files };
}

function generated(dest: string, content: string, exec: boolean): PlannedFile {
  return { dest, kind: "generated", content, exec, hash: sha256Record(content), size: Buffer.byteLength(content), origin: "<generated>" };
}

/**
 * Checks that no two packages write one path with different contents (E_FILE_CONFLICT naming
 * both) and returns, per plan, the files to place: a path two packages write identically is
 * placed once. Shebang rewrites compare by their source hash.
 */
export function resolveConflicts(plans: DistPlan[]): PlannedFile[][] {
  const owners = new Map<string, { dist: string; key: string }>();
  return plans.map((plan) =>
    plan.files.filter((file) => {
      const key = file.kind === "shebang" ? `#!python:${file.sourceHash}` : file.hash;
      const owner = owners.get(file.dest);
      if (!owner) {
        owners.set(file.dest, { dist: plan.name, key });
        return true;
      }
      if (owner.key === key) return false;
      throw new PyvendorError("E_FILE_CONFLICT", `${owner.dist} and ${plan.name} both install ${file.dest} with different contents`, {
        data: { path: file.dest, packages: [owner.dist, plan.name] },
      });
    }),
  );
}

/** A RECORD path: `dest` relative to the lib dir, `/`-separated (as pip writes it). */
export function recordPath(plan: DistPlan, dest: string): string {
  // The common case without path.posix.relative, which costs more than the rest of RECORD's row.
  if (dest.startsWith(`${plan.libDir}/`)) return dest.slice(plan.libDir.length + 1);
  return path.posix.relative(plan.libDir, dest);
}

/** RECORD rows for a plan, given the final hash/size of rewritten files and extra (pyc) paths. */
export function recordRows(plan: DistPlan, rewritten: Map<string, { hash: string; size: number }>, extra: string[]): RecordRow[] {
  const rows: RecordRow[] = plan.files.map((f) => {
    const fixed = rewritten.get(f.dest);
    if (fixed) return { path: recordPath(plan, f.dest), hash: fixed.hash, size: String(fixed.size) };
    // A signature file (RECORD.jws, RECORD.p7s) stays unhashed, as pip lists it: `path,,`.
    return { path: recordPath(plan, f.dest), hash: f.hash, size: f.hash === "" ? "" : String(f.size) };
  });
  for (const dest of extra) rows.push({ path: recordPath(plan, dest), hash: "", size: "" });
  rows.push({ path: recordPath(plan, `${plan.distInfo}/RECORD`), hash: "", size: "" });
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
