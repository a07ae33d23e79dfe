// Bundle format v1 layout: the names of its files, safe-name rules, and the files a manifest lists.
import { PyvendorError } from "../errors.js";
import { componentProblem } from "../standards/path-component.js";
import type { Manifest } from "./manifest.js";

/** The contract; the first entry of every archive. */
export const MANIFEST_FILE = "manifest.json";
/** pip-compatible pins with hashes, derived from the manifest. */
export const REQUIREMENTS_LOCK = "requirements.lock";
/** PEP 751 lock file whose wheel paths point into wheels/. */
export const PYLOCK_FILE = "pylock.toml";
export const WHEELS_DIR = "wheels";
export const SOURCES_DIR = "sources";

/** The files a bundle writes from its manifest (besides the manifest itself). */
export const DERIVED_FILES = [REQUIREMENTS_LOCK, PYLOCK_FILE] as const;

export type BundleKind = "dir" | "tar.gz" | "zip";

/** A file the manifest lists, by its path inside the bundle ("wheels/x.whl"). */
export interface ListedFile {
  path: string;
  sha256: string;
  size: number;
  /** The package it belongs to. */
  project: string;
}

/**
 * True when `name` can be used as one path component: not empty, no `/`, `\`, NUL, and no `..`
 * anywhere (stricter than needed, on purpose: no legitimate wheel or sdist name has `..`).
 */
export function isSafeName(name: string): boolean {
  return componentProblem(name) === undefined && !name.includes("..");
}

/** Throws E_UNSAFE_PATH unless `name` is a safe single path component (see isSafeName). */
export function assertSafeName(name: string, what: string, source: string): void {
  if (!isSafeName(name)) {
    throw new PyvendorError("E_UNSAFE_PATH", `${source}: ${what} ${JSON.stringify(name)} is not a plain file name`, {
      data: { name, what, source },
    });
  }
}

/**
 * Checks an archive entry name and returns it normalized (a leading "./" dropped, a trailing "/"
 * kept for directories). Throws E_UNSAFE_PATH for absolute paths, drive letters, backslashes,
 * NUL, empty components and any `.` or `..` component.
 */
export function normalizeEntryName(raw: string): string {
  let name = raw;
  while (name.startsWith("./")) name = name.slice(2);
  const unsafe = (why: string) =>
    new PyvendorError("E_UNSAFE_PATH", `archive entry ${JSON.stringify(raw)} ${why}`, { data: { path: raw } });
  if (name.length === 0) throw unsafe("has an empty name");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw unsafe("is an absolute path");
  if (/[\\\u0000]/.test(name)) throw unsafe("has a backslash or NUL in its name");
  const parts = (name.endsWith("/") ? name.slice(0, -1) : name).split("/");
  for (const part of parts) {
    if (part === "..") throw unsafe("climbs out of the bundle with ..");
    if (part === "" || part === ".") throw unsafe("has an empty or '.' path component");
  }
  return name;
}

/** Every file the manifest lists (wheels and packed sources), sorted by path. */
export function listedFiles(manifest: Manifest): ListedFile[] {
  const out: ListedFile[] = [];
  for (const pkg of manifest.packages) {
    for (const wheel of pkg.wheels) {
      out.push({ path: `${WHEELS_DIR}/${wheel.filename}`, sha256: wheel.sha256, size: wheel.size, project: pkg.name });
    }
    const source = pkg.source;
    if (source?.path !== undefined) {
      out.push({ path: source.path, sha256: source.sha256, size: source.size, project: pkg.name });
    }
  }
  return out.sort((a, b) => compareText(a.path, b.path));
}

/** The listed files keyed by bundle path. */
export function listedFileMap(manifest: Manifest): Map<string, ListedFile> {
  return new Map(listedFiles(manifest).map((f) => [f.path, f]));
}

/** Code-unit order, the same on every machine and locale (never localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The bundle kind an output name asks for: ".tar.gz"/".tgz" → tar.gz, ".zip" → zip, else dir. */
export function kindFromName(output: string): BundleKind {
  const lower = output.toLowerCase();
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  if (lower.endsWith(".zip")) return "zip";
  return "dir";
}
