// diffBundles: what changed between two bundles, package by package (PEP 440 ordering).
import { compareVersions as comparePep440, isValidVersion as validPep440 } from "../standards/version.js";
import { bundleContent, canonicalJson, withoutUrl, type Manifest, type ManifestPackage, type ManifestResolution, type ManifestTarget } from "./manifest.js";
import { compareText } from "./layout.js";
import { openBundle } from "./read.js";

export interface PackageRef {
  name: string;
  version: string;
}

export interface VersionChange {
  name: string;
  from: string;
  to: string;
}

export interface RebuiltPackage {
  name: string;
  version: string;
  /** Wheels whose file name stayed but whose content changed. */
  changed: { filename: string; from: string; to: string }[];
  /** Wheel files that appeared or disappeared at the same version (e.g. a new target's wheel). */
  added: string[];
  removed: string[];
}

export interface BundleDiff {
  /** True when both bundles have the same id (the same contents). */
  equal: boolean;
  oldId: string;
  newId: string;
  added: PackageRef[];
  removed: PackageRef[];
  upgraded: VersionChange[];
  downgraded: VersionChange[];
  /** Same version, different wheels: a rebuild or a re-upload. */
  rebuilt: RebuiltPackage[];
  /** Same version and wheels, other fields changed (requested, dependencies, extras...). */
  changed: { name: string; fields: string[] }[];
  targets: { added: string[]; removed: string[]; changed: string[] };
  /** The input: top-level requirements added and removed (as written), in input order. */
  requirements: { added: string[]; removed: string[] };
  /** How the resolution changed (--pre, constraints), when either bundle was resolved from loose requirements. */
  resolution: { before?: ManifestResolution; after?: ManifestResolution } | undefined;
  /** Top-level fields that changed: "requirements", "resolution", "name", "version". */
  metadata: string[];
}

/** PEP 440 order; falls back to text order for versions PEP 440 cannot parse. */
function versionOrder(a: string, b: string): number {
  if (validPep440(a) && validPep440(b)) return comparePep440(a, b);
  return compareText(a, b);
}

function wheelDiff(a: ManifestPackage, b: ManifestPackage): Omit<RebuiltPackage, "name" | "version"> | undefined {
  const before = new Map(a.wheels.map((w) => [w.filename, w.sha256]));
  const after = new Map(b.wheels.map((w) => [w.filename, w.sha256]));
  const changed = [...after]
    .filter(([f, h]) => before.has(f) && before.get(f) !== h)
    .map(([filename, to]) => ({ filename, from: before.get(filename) ?? "", to }));
  const added = [...after.keys()].filter((f) => !before.has(f)).sort(compareText);
  const removed = [...before.keys()].filter((f) => !after.has(f)).sort(compareText);
  return changed.length + added.length + removed.length > 0 ? { changed, added, removed } : undefined;
}

const OTHER_FIELDS = ["requested", "extras", "dependencies", "targets", "requiresPython", "source"] as const;

function diffTargets(a: ManifestTarget[], b: ManifestTarget[]): BundleDiff["targets"] {
  const before = new Map(a.map((t) => [t.id, canonicalJson(t)]));
  const after = new Map(b.map((t) => [t.id, canonicalJson(t)]));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).sort(compareText),
    removed: [...before.keys()].filter((id) => !after.has(id)).sort(compareText),
    changed: [...after].filter(([id, t]) => before.has(id) && before.get(id) !== t).map(([id]) => id).sort(compareText),
  };
}

/** The difference between two manifests (pure). Lists are sorted by package name. */
export function diffManifests(before: Manifest, after: Manifest): BundleDiff {
  const a = new Map(before.packages.map((p) => [p.name, p]));
  const b = new Map(after.packages.map((p) => [p.name, p]));
  const diff: BundleDiff = {
    // Content, not ids: bundles of formats 1.0 and 1.1, or from two mirrors, with the same files are equal.
    equal: canonicalJson(bundleContent(before, { withoutUrls: true })) === canonicalJson(bundleContent(after, { withoutUrls: true })),
    oldId: before.id,
    newId: after.id,
    added: [],
    removed: [],
    upgraded: [],
    downgraded: [],
    rebuilt: [],
    changed: [],
    targets: diffTargets(before.targets, after.targets),
    requirements: {
      added: after.requirements.filter((r) => !before.requirements.includes(r)),
      removed: before.requirements.filter((r) => !after.requirements.includes(r)),
    },
    resolution: canonicalJson(before.resolution) === canonicalJson(after.resolution) ? undefined : {
      ...(before.resolution ? { before: before.resolution } : {}),
      ...(after.resolution ? { after: after.resolution } : {}),
    },
    metadata: (["name", "version", "requirements", "resolution"] as const).filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])),
  };
  const names = [...new Set([...a.keys(), ...b.keys()])].sort(compareText);
  for (const name of names) {
    const old = a.get(name);
    const now = b.get(name);
    if (!old && now) diff.added.push({ name, version: now.version });
    else if (old && !now) diff.removed.push({ name, version: old.version });
    else if (old && now) {
      const order = old.version === now.version ? 0 : versionOrder(old.version, now.version);
      if (order < 0) diff.upgraded.push({ name, from: old.version, to: now.version });
      else if (order > 0) diff.downgraded.push({ name, from: old.version, to: now.version });
      else if (old.version !== now.version) diff.changed.push({ name, fields: ["version"] });
      else {
        const wheels = wheelDiff(old, now);
        if (wheels) diff.rebuilt.push({ name, version: now.version, ...wheels });
        const content = (pkg: ManifestPackage, f: (typeof OTHER_FIELDS)[number]) => canonicalJson(f === "source" && pkg.source ? withoutUrl(pkg.source) : pkg[f]);
        const fields = OTHER_FIELDS.filter((f) => content(old, f) !== content(now, f));
        if (fields.length > 0) diff.changed.push({ name, fields: [...fields] });
      }
    }
  }
  return diff;
}

/** Opens two bundles (any forms) and diffs their manifests; the CLI exits 0 when `equal`, else 1. */
export async function diffBundles(oldPath: string, newPath: string): Promise<BundleDiff> {
  const before = await openBundle(oldPath);
  try {
    const after = await openBundle(newPath);
    try {
      return diffManifests(before.manifest, after.manifest);
    } finally {
      await after.close();
    }
  } finally {
    await before.close();
  }
}
