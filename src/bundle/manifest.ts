// Bundle format v1: the manifest's types, canonical serialization and content id (pure).
import { createHash } from "node:crypto";

/**
 * The format this code writes. Readers accept any 1.x and refuse other majors. 1.1: the id
 * leaves out where files were downloaded from (see computeBundleId). 1.2: `resolution`.
 */
export const MANIFEST_FORMAT = "1.2.0";

/** One interpreter the bundle was packed for. */
export interface ManifestTarget {
  /** Stable key, `<interpreter>-<abi>-<platform>`, e.g. "cp311-cp311-linux_x86_64". */
  id: string;
  /** sys.implementation.name, e.g. "cpython". */
  implementation: string;
  /** Full interpreter version, e.g. "3.11.7". */
  pythonVersion: string;
  /** Interpreter tag, e.g. "cp311". */
  interpreterTag: string;
  /** The most specific ABI tag, e.g. "cp311". */
  abiTag: string;
  /** Bare platform tag, e.g. "linux_x86_64". */
  platform: string;
  /** glibc "major.minor" on the packing machine, or null when not glibc. */
  glibc: string | null;
  /** PEP 508 marker values used to evaluate dependencies (host-specific release/version omitted). */
  markers: Record<string, string>;
}

/** A shared library that an extension module needs and that is not part of the base system. */
export interface SystemLibrary {
  soname: string;
  /** The system package that provided it on the packing machine, e.g. "libpq5", when known. */
  package?: string;
}

/** How a built wheel was made. */
export interface WheelBuild {
  /** "pyvendor" (native PEP 517 frontend) or "pip" (escape hatch). */
  frontend: string;
  /** Build requirements actually installed, `name==version`, sorted. */
  requirements: string[];
  /** Interpreter that ran the build, e.g. "cp311 3.11.7". */
  python: string;
}

export interface ManifestWheel {
  /** File name under wheels/. */
  filename: string;
  sha256: string;
  size: number;
  /** Expanded tag triples, e.g. ["py3-none-any"]. */
  tags: string[];
  origin: "built" | "downloaded";
  /** Target ids this wheel serves. */
  targets: string[];
  /** Where a downloaded wheel came from (no userinfo). */
  url?: string;
  build?: WheelBuild;
  systemLibraries: SystemLibrary[];
}

export interface ManifestSource {
  filename: string;
  /** Download URL without userinfo. */
  url: string;
  sha256: string;
  size: number;
  /** Path inside the bundle ("sources/<filename>") when packed with --with-sources. */
  path?: string;
}

export interface ManifestPackage {
  /** PEP 503 normalized name. */
  name: string;
  version: string;
  /** True when named in the top-level requirements; false when pulled in as a dependency. */
  requested: boolean;
  /** Extras requested for this package, normalized and sorted. */
  extras: string[];
  /** Normalized names of the packages it depends on (in any target), sorted. */
  dependencies: string[];
  /** Target ids the package is installed for (its markers may exclude some). */
  targets: string[];
  requiresPython?: string;
  source?: ManifestSource;
  wheels: ManifestWheel[];
}

/**
 * How the pins were chosen when the requirements left versions open (pack resolved them, as
 * `pyvendor lock` does). Absent when the requirements pinned every package themselves.
 */
export interface ManifestResolution {
  /** Pre-releases were allowed (--pre, or a requirements file's --pre). */
  pre: boolean;
  /** The constraints the resolution honoured (-c), one PEP 508 string each, in input order. */
  constraints: string[];
  /** Target ids the pins were chosen for together (each pin holds for every one of them), sorted. */
  targets: string[];
}

export interface Manifest {
  format: string;
  /** "sha256:<hex>" over the canonical body (everything but id, generator and created). */
  id: string;
  name?: string;
  version?: string;
  generator: { name: string; version: string };
  /** ISO-8601 time, only when SOURCE_DATE_EPOCH was set. */
  created?: string;
  targets: ManifestTarget[];
  /** Top-level requirements as given, one PEP 508 string each, in input order. */
  requirements: string[];
  /** Present when pack resolved the requirements (format 1.2 on). */
  resolution?: ManifestResolution;
  packages: ManifestPackage[];
}

/** JSON with object keys sorted recursively; arrays keep their order. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** True for a format whose id is of content only (1.1 and newer 1.x). */
function idOfContent(format: unknown): boolean {
  const [major = 0, minor = 0] = typeof format === "string" ? format.split(".").map(Number) : [];
  return major > 1 || (major === 1 && minor >= 1);
}

/**
 * What the id covers: everything but the id itself, who packed it and when, and (format 1.1 on)
 * the download URLs of sources and wheels, which are information: the same files from two
 * mirrors are the same bundle. Exported for diff, which compares content the same way.
 */
export function bundleContent(manifest: Omit<Manifest, "id"> | Manifest, options: { withoutUrls?: boolean } = {}): Record<string, unknown> {
  const { id: _id, generator: _generator, created: _created, ...body } = manifest as Manifest;
  if (!(options.withoutUrls ?? idOfContent(manifest.format))) return body;
  // Also called on manifests not validated yet (a verify reports the schema's findings after the id's).
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  const strip = (v: unknown) => (isObject(v) ? withoutUrl(v) : v);
  if (!Array.isArray(body.packages)) return body;
  return {
    ...body,
    packages: (body.packages as unknown[]).map((pkg) => {
      if (!isObject(pkg)) return pkg;
      const { source, wheels, ...rest } = pkg;
      return {
        ...rest,
        ...(source !== undefined ? { source: strip(source) } : {}),
        ...(wheels !== undefined ? { wheels: Array.isArray(wheels) ? wheels.map(strip) : wheels } : {}),
      };
    }),
  };
}

/** A source or wheel entry without its download URL (information, not content). */
export function withoutUrl<T extends { url?: string }>(item: T): Omit<T, "url"> {
  const { url: _url, ...rest } = item;
  return rest;
}

/**
 * The bundle id of a manifest: equal contents give equal ids, whoever packed them, when, and
 * (format 1.1 on) from which index. A 1.0 manifest's id is computed the 1.0 way (URLs included),
 * so bundles written before still verify and reuse their releases.
 */
export function computeBundleId(manifest: Omit<Manifest, "id"> | Manifest): string {
  return `sha256:${createHash("sha256").update(canonicalJson(bundleContent(manifest))).digest("hex")}`;
}

/** The first 12 hex digits of the id, for release directory names and display. */
export function shortBundleId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** Serializes a manifest as written to manifest.json: sorted keys, 2-space indent, final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${canonicalJson(manifest, 2)}\n`;
}
