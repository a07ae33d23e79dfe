// showBundle: what a bundle holds, as plain data for people (the CLI renders it as a table).
import { compareText, type BundleKind } from "./layout.js";
import { shortBundleId, type Manifest, type ManifestResolution } from "./manifest.js";
import { openBundle } from "./read.js";

export interface ShownWheel {
  filename: string;
  tags: string[];
  size: number;
  targets: string[];
  origin: "built" | "downloaded";
}

export interface ShownPackage {
  name: string;
  version: string;
  /** "requested" when named in the top-level requirements, else "transitive". */
  kind: "requested" | "transitive";
  /** Every tag of every wheel, sorted. */
  tags: string[];
  /** Bytes of its wheels (and its sdist when packed). */
  size: number;
  /** Shared libraries its extensions need, "soname" or "soname (system package)". */
  systemLibraries: string[];
  targets: string[];
  dependencies: string[];
  wheels: ShownWheel[];
}

export interface ShownTarget {
  id: string;
  implementation: string;
  pythonVersion: string;
  platform: string;
  glibc: string | null;
}

export interface BundleSummary {
  path: string;
  kind: BundleKind;
  name?: string;
  version?: string;
  id: string;
  shortId: string;
  format: string;
  /** "pyvendor 0.1.0" */
  generator: string;
  created?: string;
  targets: ShownTarget[];
  requirements: string[];
  /** How the pins were chosen, when pack resolved loose requirements. */
  resolution?: ManifestResolution;
  packages: ShownPackage[];
  totals: { packages: number; requested: number; wheels: number; bytes: number };
}

/** The summary of a manifest (pure); packages sorted by name. */
export function describeManifest(manifest: Manifest, where: { path: string; kind: BundleKind }): BundleSummary {
  const packages = [...manifest.packages]
    .sort((a, b) => compareText(a.name, b.name))
    .map((pkg): ShownPackage => {
      const libs = new Set<string>();
      for (const w of pkg.wheels) for (const l of w.systemLibraries) libs.add(l.package ? `${l.soname} (${l.package})` : l.soname);
      const wheelBytes = pkg.wheels.reduce((sum, w) => sum + w.size, 0);
      return {
        name: pkg.name,
        version: pkg.version,
        kind: pkg.requested ? "requested" : "transitive",
        tags: [...new Set(pkg.wheels.flatMap((w) => w.tags))].sort(compareText),
        size: wheelBytes + (pkg.source?.path !== undefined ? pkg.source.size : 0),
        systemLibraries: [...libs].sort(compareText),
        targets: pkg.targets,
        dependencies: pkg.dependencies,
        wheels: pkg.wheels.map((w) => ({ filename: w.filename, tags: w.tags, size: w.size, targets: w.targets, origin: w.origin })),
      };
    });
  return {
    path: where.path,
    kind: where.kind,
    ...(manifest.name !== undefined ? { name: manifest.name } : {}),
    ...(manifest.version !== undefined ? { version: manifest.version } : {}),
    id: manifest.id,
    shortId: shortBundleId(manifest.id),
    format: manifest.format,
    generator: `${manifest.generator.name} ${manifest.generator.version}`,
    ...(manifest.created !== undefined ? { created: manifest.created } : {}),
    targets: manifest.targets.map((t) => ({ id: t.id, implementation: t.implementation, pythonVersion: t.pythonVersion, platform: t.platform, glibc: t.glibc })),
    requirements: manifest.requirements,
    ...(manifest.resolution ? { resolution: manifest.resolution } : {}),
    packages,
    totals: {
      packages: packages.length,
      requested: packages.filter((p) => p.kind === "requested").length,
      wheels: packages.reduce((n, p) => n + p.wheels.length, 0),
      bytes: packages.reduce((n, p) => n + p.size, 0),
    },
  };
}

/**
 * Reads a bundle's manifest (validated, id checked; files are not hashed — that is verifyBundle)
 * and summarizes it. Throws what openBundle throws.
 */
export async function showBundle(bundlePath: string): Promise<BundleSummary> {
  const reader = await openBundle(bundlePath);
  try {
    return describeManifest(reader.manifest, { path: bundlePath, kind: reader.kind });
  } finally {
    await reader.close();
  }
}
