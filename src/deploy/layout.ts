// The releases root's layout: which names in ROOT are pyvendor's, and how release directories are named (pure).
import { randomBytes } from "node:crypto";
import path from "node:path";

/** Directory holding one immutable release (a venv) per subdirectory. */
export const RELEASES_DIR = "releases";
/** Symlink to `releases/<dir>` (relative): the live release. */
export const CURRENT_LINK = "current";
/** Directory of lock generation files (see lock.ts). */
export const LOCK_DIR = ".pyvendor-lock";
/** The switch history: the stack rollback pops (see history.ts). */
export const HISTORY_FILE = ".pyvendor-history.json";
/** Inside every release: its record, written after it passed its checks (see record.ts). */
export const RECORD_FILE = ".pyvendor-release.json";
/** Inside every release: every file of the venv with its size, written while staging. */
export const FILES_LIST = ".pyvendor-files";
/** Prefix of temp files pyvendor writes in ROOT, releases and the lock dir before renaming them into place. */
export const TEMP_PREFIX = ".pyvendor-tmp-";
/** Infixes of staging and set-aside directories in releases/ (shared with python/stage.ts). */
export const STAGING_INFIXES = [".pyvendor-staging-", ".pyvendor-old-"];

/** Absolute paths of a releases root's parts. */
export interface RootPaths {
  root: string;
  releases: string;
  current: string;
  lockDir: string;
  history: string;
}

export function rootPaths(root: string): RootPaths {
  const abs = path.resolve(root);
  return {
    root: abs,
    releases: path.join(abs, RELEASES_DIR),
    current: path.join(abs, CURRENT_LINK),
    lockDir: path.join(abs, LOCK_DIR),
    history: path.join(abs, HISTORY_FILE),
  };
}

/** The `current` symlink's target for a release directory name (relative, so ROOT can move). */
export function currentTarget(release: string): string {
  return `${RELEASES_DIR}/${release}`;
}

/** The release name a `current` target names, or undefined when it is not `releases/<name>`. */
export function releaseFromTarget(target: string): string | undefined {
  const normalized = path.normalize(target).replace(/\/+$/, "");
  const parts = normalized.split("/");
  if (parts.length === 2 && parts[0] === RELEASES_DIR && isReleaseName(parts[1] as string)) return parts[1];
  return undefined;
}

/** True for names that can be a release directory (not hidden, no separators, not . or ..). */
export function isReleaseName(name: string): boolean {
  return name.length > 0 && !name.startsWith(".") && !name.includes("/") && !name.includes("\0");
}

/** True for a name in releases/ that is a staging or set-aside directory of some run. */
export function isStagingName(name: string): boolean {
  return name.startsWith(".") && STAGING_INFIXES.some((infix) => name.includes(infix));
}

/** `.pyvendor-tmp-<pid>-<random>-<label>`: a temp name; the pid tells live from left over. */
export function tempName(label: string): string {
  return `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}-${label}`;
}

/** True for a temp file name that pyvendor's deploy code writes (and may remove when left over). */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** Keeps letters, digits, `.`, `_`, `+` and `-`; everything else becomes `_`. */
export function sanitizeLabel(text: string): string {
  return text
    .trim()
    .replace(/[^A-Za-z0-9._+-]+/g, "_")
    .replace(/^[._-]+/, "")
    .slice(0, 64);
}

/** What names a release: the bundle's labels or its first requested package. */
export interface ReleaseLabels {
  name?: string | undefined;
  version?: string | undefined;
  /** The bundle's short id (12 hex digits). */
  shortId: string;
}

/**
 * `<name>-<version>-<short id>`; without a version `<name>-<short id>`; without a name just the
 * short id. Labels are sanitized; `attempt` > 1 appends `-<attempt>` (a second release of the same
 * bundle, e.g. for another interpreter).
 */
export function releaseDirName(labels: ReleaseLabels, attempt = 1): string {
  const name = labels.name ? sanitizeLabel(labels.name) : "";
  const version = labels.version ? sanitizeLabel(labels.version) : "";
  const parts = name ? (version ? [name, version, labels.shortId] : [name, labels.shortId]) : [labels.shortId];
  return attempt > 1 ? `${parts.join("-")}-${attempt}` : parts.join("-");
}

/** A bundle's labels for naming: its own name/version, else its first requested package's. */
export function bundleLabels(manifest: {
  name?: string | undefined;
  version?: string | undefined;
  requirements: string[];
  packages: { name: string; version: string; requested: boolean }[];
}, shortId: string): ReleaseLabels {
  if (manifest.name) return { name: manifest.name, version: manifest.version, shortId };
  const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, "-");
  for (const req of manifest.requirements) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
    const pkg = match && manifest.packages.find((p) => p.name === normalize(match[1] as string));
    if (pkg) return { name: pkg.name, version: pkg.version, shortId };
  }
  const first = manifest.packages.find((p) => p.requested);
  return first ? { name: first.name, version: first.version, shortId } : { shortId };
}
