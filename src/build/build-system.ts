// An unpacked sdist's [build-system] table (PEP 517/518), with the legacy setuptools default.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { isErrno, PyvendorError } from "../errors.js";
import { parseRequirement } from "../standards/requirement.js";

/** How to build a source tree. */
export interface BuildSystem {
  /** PEP 508 build requirements, as written. */
  requires: string[];
  /** `module` or `module:object`. */
  backend: string;
  /** Absolute directories put first on sys.path for an in-tree backend (PEP 517 backend-path). */
  backendPath: string[];
  /** True when pyproject.toml or its [build-system] table is absent (setuptools' legacy backend). */
  legacy: boolean;
}

/** PEP 517's fallback for trees without [build-system] (what pip uses too). */
export const LEGACY_BUILD_SYSTEM = {
  requires: ["setuptools>=40.8.0"],
  backend: "setuptools.build_meta:__legacy__",
} as const;

function backendError(project: string, message: string, cause?: unknown): PyvendorError {
  return new PyvendorError("E_BUILD_BACKEND", `${project}: ${message}`, { ...(cause !== undefined ? { cause } : {}), data: { project } });
}

const BACKEND_RE = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*(:[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*)?$/;

/**
 * Reads `<root>/pyproject.toml`. No file, or a file without [build-system], gives the legacy
 * setuptools backend. A table without build-backend uses the legacy backend with the table's
 * requires (PEP 517). Throws E_BUILD_BACKEND for invalid TOML, non-PEP 508 requirements, a
 * malformed backend name, or a backend-path that leaves the source tree. `project` names the
 * package in messages.
 */
export async function readBuildSystem(root: string, project: string): Promise<BuildSystem> {
  let text: string;
  try {
    text = await readFile(path.join(root, "pyproject.toml"), "utf8");
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return { requires: [...LEGACY_BUILD_SYSTEM.requires], backend: LEGACY_BUILD_SYSTEM.backend, backendPath: [], legacy: true };
    throw err;
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err: unknown) {
    throw backendError(project, "pyproject.toml is not valid TOML", err);
  }
  const table = doc["build-system"];
  if (table === undefined) {
    return { requires: [...LEGACY_BUILD_SYSTEM.requires], backend: LEGACY_BUILD_SYSTEM.backend, backendPath: [], legacy: true };
  }
  if (typeof table !== "object" || table === null || Array.isArray(table)) throw backendError(project, "[build-system] is not a table");
  const t = table as Record<string, unknown>;
  const requires = t.requires;
  if (!Array.isArray(requires) || !requires.every((r) => typeof r === "string")) {
    throw backendError(project, "[build-system] requires must be a list of strings");
  }
  for (const req of requires as string[]) {
    try {
      parseRequirement(req);
    } catch (err: unknown) {
      throw backendError(project, `[build-system] requires has an invalid requirement: ${req}`, err);
    }
  }
  const backend = t["build-backend"];
  if (backend !== undefined && (typeof backend !== "string" || !BACKEND_RE.test(backend.trim()))) {
    throw backendError(project, `build-backend ${JSON.stringify(backend)} is not a module or module:object name`);
  }
  const rawPath = t["backend-path"];
  if (rawPath !== undefined && (!Array.isArray(rawPath) || !rawPath.every((p) => typeof p === "string"))) {
    throw backendError(project, "backend-path must be a list of strings");
  }
  const rootReal = path.resolve(root);
  const backendPath = ((rawPath ?? []) as string[]).map((p) => {
    const abs = path.resolve(rootReal, p);
    if (abs !== rootReal && !abs.startsWith(rootReal + path.sep)) {
      throw backendError(project, `backend-path entry ${JSON.stringify(p)} points outside the source tree`);
    }
    return abs;
  });
  return {
    requires: requires as string[],
    backend: typeof backend === "string" ? backend.trim() : LEGACY_BUILD_SYSTEM.backend,
    backendPath,
    legacy: backend === undefined,
  };
}
