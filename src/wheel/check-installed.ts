// After install: every installed distribution's requirements are met (like `pip check`), and imports work.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { versionSatisfies } from "../standards/version.js";
import { lastLines, runProgram } from "../subprocess.js";
import type { PythonInfo } from "../python/interpreter.js";
import type { VenvLayout } from "../python/venv.js";
import { parseCoreMetadata, type CoreMetadata } from "./metadata.js";
import { parseRecord } from "./record.js";
import { evaluateMarker } from "../standards/markers.js";
import { normalizeName } from "../standards/names.js";
import { parseRequirement } from "../standards/requirement.js";

/** An unmet requirement: `missing` (not installed) or `conflict` (installed, wrong version). */
export interface Problem {
  kind: "missing" | "conflict";
  /** The distribution whose requirement is not met. */
  package: string;
  version: string;
  requirement: string;
  /** Installed version of the required distribution (conflicts only). */
  installed?: string;
}

export interface InstalledDist extends CoreMetadata {
  /** dist-info directory, absolute. */
  distInfo: string;
  /** Lib dir it is in (purelib or platlib), absolute. */
  libDir: string;
}

/**
 * Every `.dist-info` in the venv's purelib and platlib (under `root`, default the staging dir).
 * Reads synchronously: a few dozen small files, where each awaited read would cost a thread hop.
 */
export async function listInstalled(layout: VenvLayout, root = layout.stagingDir): Promise<InstalledDist[]> {
  const out: InstalledDist[] = [];
  for (const rel of [...new Set([layout.purelib, layout.platlib])]) {
    const libDir = path.join(root, rel);
    let names: string[];
    try {
      names = readdirSync(libDir);
    } catch (err: unknown) {
      if (isErrno(err, "ENOENT")) continue;
      throw err;
    }
    for (const name of names.filter((n) => n.endsWith(".dist-info")).sort()) {
      const distInfo = path.join(libDir, name);
      let text: string;
      try {
        text = readFileSync(path.join(distInfo, "METADATA"), "utf8");
      } catch (err: unknown) {
        // A .dist-info without METADATA (a wheel may ship one under .data/purelib) is no
        // distribution: pip ignores it too ("Ignoring invalid distribution").
        if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) continue;
        throw err;
      }
      out.push({ ...parseCoreMetadata(text, name), distInfo, libDir });
    }
  }
  return out;
}

export interface CheckInstalledOptions {
  layout: VenvLayout;
  python: PythonInfo;
  /** The top-level requirements: their extras are active when evaluating markers. */
  requested: { name: string; extras: string[] }[];
  /** Read the venv from here (default: layout.stagingDir). */
  root?: string;
}

/**
 * What `pip check` reports, with markers evaluated for the target and with the extras that were
 * requested (and the extras that installed packages ask of each other). Returns [] when all is met.
 */
export async function checkInstalled(options: CheckInstalledOptions): Promise<Problem[]> {
  const dists = await listInstalled(options.layout, options.root);
  const byName = new Map(dists.map((d) => [normalizeName(d.name), d]));
  const env = options.python.markers;
  const extras = new Map<string, Set<string>>();
  for (const r of options.requested) extras.set(normalizeName(r.name), new Set(r.extras.map(normalizeName)));
  // Parsed once per distribution: the extras loop below asks again until nothing changes.
  const parsed = new Map(dists.map((d) => [d, d.requiresDist.map((text) => ({ text, req: parseRequirement(text) }))]));
  const active = (dist: InstalledDist) => {
    const reqs = parsed.get(dist) ?? [];
    const wanted = ["", ...(extras.get(normalizeName(dist.name)) ?? [])];
    return reqs.filter(({ req }) => !req.marker || wanted.some((e) => evaluateMarker(req.marker!, { ...env, extra: e })));
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const dist of dists) {
      for (const { req } of active(dist)) {
        const key = normalizeName(req.name);
        const set = extras.get(key) ?? new Set<string>();
        for (const e of req.extras) if (!set.has(e)) { set.add(e); changed = true; }
        extras.set(key, set);
      }
    }
  }
  const problems: Problem[] = [];
  for (const dist of dists) {
    for (const { text, req } of active(dist)) {
      const dep = byName.get(normalizeName(req.name));
      const base = { package: dist.name, version: dist.version, requirement: text };
      if (!dep) problems.push({ kind: "missing", ...base });
      else if (req.specifier && !versionSatisfies(dep.version, req.specifier, { prereleases: true })) {
        problems.push({ kind: "conflict", ...base, installed: dep.version });
      }
    }
  }
  return problems;
}

/** Throws E_REQUIREMENTS_UNSATISFIED listing `problems` (for callers that want to fail). */
export function assertNoProblems(problems: Problem[]): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) =>
    p.kind === "missing" ? `${p.package} ${p.version} requires ${p.requirement}, which is not installed` : `${p.package} ${p.version} requires ${p.requirement}, but ${p.installed} is installed`,
  );
  throw new PyvendorError("E_REQUIREMENTS_UNSATISFIED", lines.length === 1 ? (lines[0] as string) : `${lines.length} requirements are not met:\n  ${lines.join("\n  ")}`, {
    data: { problems },
  });
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Top-level importable names of a distribution: top_level.txt entries it really installs, else from RECORD. */
export async function topLevelModules(dist: InstalledDist): Promise<string[]> {
  const rows = parseRecord(readFileSync(path.join(dist.distInfo, "RECORD"), "utf8"));
  const derived = new Set<string>();
  for (const { path: p } of rows) {
    const parts = p.split("/");
    const first = parts[0] as string;
    if (first === ".." || first.endsWith(".dist-info") || first.endsWith(".data") || first === "__pycache__") continue;
    const name = parts.length > 1 ? first : /\.(py|so|pyd)$/.test(first) ? (first.split(".")[0] as string) : "";
    if (IDENT.test(name)) derived.add(name);
  }
  let listed: string[] | undefined;
  try {
    listed = readFileSync(path.join(dist.distInfo, "top_level.txt"), "utf8").split(/\r?\n/).map((l) => l.trim().replace(/\//g, ".")).filter(Boolean);
  } catch (err: unknown) {
    if (!isErrno(err, "ENOENT")) throw err;
  }
  const names = listed ? listed.filter((n) => derived.has(n.split(".")[0] as string)) : [...derived];
  return [...new Set(names)].sort();
}

const IMPORT_SCRIPT = String.raw`
import importlib, json, sys, traceback
failed = []
for name in json.loads(sys.stdin.read()):
    try:
        importlib.import_module(name)
    except BaseException as e:
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        failed.append([name, last])
sys.stdout.write(json.dumps(failed))
`;

export interface CheckImportsOptions {
  layout: VenvLayout;
  /** Only these distributions (normalized names); default all installed. */
  packages?: string[];
  /** Module names not to import (e.g. ones with side effects). */
  exclude?: string[];
  /** Run the venv found here (default: layout.stagingDir). */
  root?: string;
}

/**
 * Imports every top-level module of the installed distributions in ONE run of the venv's python.
 * Throws E_IMPORT_CHECK_FAILED naming each module and its traceback's last line.
 */
export async function checkImports(options: CheckImportsOptions): Promise<{ modules: string[] }> {
  const root = options.root ?? options.layout.stagingDir;
  const wanted = options.packages ? new Set(options.packages.map(normalizeName)) : undefined;
  const modules = new Set<string>();
  for (const dist of await listInstalled(options.layout, root)) {
    if (wanted && !wanted.has(normalizeName(dist.name))) continue;
    for (const m of await topLevelModules(dist)) if (!options.exclude?.includes(m)) modules.add(m);
  }
  const list = [...modules].sort();
  const python = path.join(root, options.layout.scripts, "python");
  const result = await runProgram(python, ["-E", "-s", "-c", IMPORT_SCRIPT], { input: JSON.stringify(list), cwd: root, timeoutMs: 600_000 });
  if (result.exitCode !== 0) {
    throw new PyvendorError("E_IMPORT_CHECK_FAILED", `The import check could not run in ${root}`, { cause: new Error(lastLines(result.stderr, 3)) });
  }
  const failed = JSON.parse(String(result.stdout)) as [string, string][];
  if (failed.length > 0) {
    throw new PyvendorError("E_IMPORT_CHECK_FAILED", failed.map(([m, e]) => `import ${m}: ${e}`).join("; "), { data: { failed: failed.map(([module, error]) => ({ module, error })) } });
  }
  return { modules: list };
}
