// Target checks before anything is written: wheel tags, glibc, Requires-Python, system libraries.
import { wheelTagRank } from "../standards/tags.js";
import { versionSatisfies } from "../standards/version.js";
import { PyvendorError, type ErrorCode } from "../errors.js";
import type { PythonInfo } from "../python/interpreter.js";
import { createLibraryResolver } from "./system-libraries.js";
import { glibcShortfall } from "./tags.js";

export interface TargetPackage {
  name: string;
  version: string;
  wheel: {
    filename: string;
    tags: string[];
    requiresPython?: string;
    systemLibraries: { soname: string; package?: string }[];
  };
}

export interface CheckTargetOptions {
  packages: TargetPackage[];
  /** The interpreter's supported tags, best first (packaging's `sys_tags()` order). */
  supportedTags: string[];
  python: PythonInfo;
  /** Where the loader would find `soname` (default: ldconfig cache and standard dirs). */
  findLibrary?: (soname: string) => Promise<string | undefined>;
}

/** One problem found; `code` says its kind. */
export interface TargetProblem {
  code: ErrorCode;
  package: string;
  message: string;
  data: Record<string, unknown>;
}

const fmt = (v: readonly number[]) => v.join(".");

/** Tag, glibc and Requires-Python problems of every package (pure). */
export function findTagProblems(options: Omit<CheckTargetOptions, "findLibrary">): TargetProblem[] {
  const { python, supportedTags } = options;
  const problems: TargetProblem[] = [];
  for (const pkg of options.packages) {
    const label = `${pkg.name} ${pkg.version}`;
    if (wheelTagRank(pkg.wheel.tags, supportedTags) === undefined) {
      const needs = glibcShortfall(pkg.wheel.tags, supportedTags);
      if (needs && python.glibc) {
        problems.push({
          code: "E_GLIBC_TOO_OLD",
          package: pkg.name,
          message: `${label} (${pkg.wheel.filename}) needs glibc ${fmt(needs)}; the target has glibc ${fmt(python.glibc)}`,
          data: { package: pkg.name, needs: fmt(needs), has: fmt(python.glibc) },
        });
        continue;
      }
      const top = supportedTags.slice(0, 5);
      problems.push({
        code: "E_NO_COMPATIBLE_WHEEL",
        package: pkg.name,
        message: `${label}: the bundle has ${pkg.wheel.tags.join(", ")}; the target takes ${top.join(", ")}${supportedTags.length > top.length ? ", ..." : ""}`,
        data: { package: pkg.name, bundleTags: pkg.wheel.tags, targetTags: top },
      });
      continue;
    }
    const spec = pkg.wheel.requiresPython?.trim();
    if (spec && !versionSatisfies(python.markers.python_full_version, spec, { prereleases: true })) {
      problems.push({
        code: "E_REQUIRES_PYTHON",
        package: pkg.name,
        message: `${label} requires Python ${spec}; the target is Python ${python.markers.python_full_version}`,
        data: { package: pkg.name, requiresPython: spec, python: python.markers.python_full_version },
      });
    }
  }
  return problems;
}

/** Libraries that no package's wheel can load on this machine. */
export async function findLibraryProblems(packages: TargetPackage[], find: (soname: string) => Promise<string | undefined>): Promise<TargetProblem[]> {
  const problems: TargetProblem[] = [];
  for (const pkg of packages) {
    for (const lib of pkg.wheel.systemLibraries) {
      if (await find(lib.soname)) continue;
      const install = lib.package ? ` (install the system package ${lib.package})` : "";
      problems.push({
        code: "E_MISSING_SYSTEM_LIBRARY",
        package: pkg.name,
        message: `${pkg.name} ${pkg.version} needs ${lib.soname}, which is not installed${install}`,
        data: { package: pkg.name, soname: lib.soname, ...(lib.package ? { systemPackage: lib.package } : {}) },
      });
    }
  }
  return problems;
}

const ORDER: ErrorCode[] = ["E_NO_COMPATIBLE_WHEEL", "E_GLIBC_TOO_OLD", "E_REQUIRES_PYTHON", "E_MISSING_SYSTEM_LIBRARY"];

/**
 * Throws for the first kind of problem found, in the order no compatible wheel, glibc too old,
 * Requires-Python, missing system library; the error lists every problem of that kind (message
 * lines and `data.problems`). Returns when the target can take every package.
 */
export async function checkTarget(options: CheckTargetOptions): Promise<void> {
  const problems = findTagProblems(options);
  if (problems.length === 0) {
    // Only whether each library loads matters here: ldconfig runs only for one not found in the usual directories.
    const find = options.findLibrary ?? (await createLibraryResolver({
      cacheLast: true,
      ...(options.python.elf ? { machine: options.python.elf.machine, elfClass: options.python.elf.class } : {}),
    }));
    problems.push(...(await findLibraryProblems(options.packages, find)));
  }
  for (const code of ORDER) {
    const mine = problems.filter((p) => p.code === code);
    if (mine.length === 0) continue;
    const head = mine.length === 1 ? (mine[0] as TargetProblem).message : `${mine.length} packages cannot be installed:\n  ${mine.map((p) => p.message).join("\n  ")}`;
    throw new PyvendorError(code, head, { data: { problems: mine.map((p) => p.data) } });
  }
}
