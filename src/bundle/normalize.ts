// Puts a manifest in its canonical order (sorted arrays) and computes its id (pure).
import { compareText } from "./layout.js";
import { computeBundleId, type Manifest, type ManifestPackage, type ManifestWheel } from "./manifest.js";

const sortStrings = (values: string[]): string[] => [...values].sort(compareText);
const by = <T>(key: (item: T) => string) => (a: T, b: T) => compareText(key(a), key(b));

function sortWheel(wheel: ManifestWheel): ManifestWheel {
  return {
    ...wheel,
    tags: sortStrings(wheel.tags),
    targets: sortStrings(wheel.targets),
    systemLibraries: [...wheel.systemLibraries].sort(by((l) => l.soname)),
    ...(wheel.build ? { build: { ...wheel.build, requirements: sortStrings(wheel.build.requirements) } } : {}),
  };
}

function sortPackage(pkg: ManifestPackage): ManifestPackage {
  return {
    ...pkg,
    extras: sortStrings(pkg.extras),
    dependencies: sortStrings(pkg.dependencies),
    targets: sortStrings(pkg.targets),
    wheels: pkg.wheels.map(sortWheel).sort(by((w) => w.filename)),
  };
}

/**
 * The manifest with every array in the bundle format's order: targets by id, packages by name,
 * wheels by filename, string sets sorted; `requirements` and the resolution's constraints keep
 * the order the user gave.
 * Object keys are sorted when serialized (canonicalJson). Does not touch `id`.
 */
export function sortManifest(manifest: Manifest): Manifest {
  return {
    ...manifest,
    targets: [...manifest.targets].sort(by((t) => t.id)),
    ...(manifest.resolution ? { resolution: { ...manifest.resolution, targets: sortStrings(manifest.resolution.targets) } } : {}),
    packages: manifest.packages.map(sortPackage).sort(by((p) => p.name)),
  };
}

/** sortManifest, then `id` set to the content id of the sorted manifest. */
export function finalizeManifest(manifest: Manifest | Omit<Manifest, "id">): Manifest {
  const sorted = sortManifest({ ...manifest, id: "" } as Manifest);
  return { ...sorted, id: computeBundleId(sorted) };
}

/** ISO-8601 UTC time (no milliseconds) of a SOURCE_DATE_EPOCH value in seconds. */
export function epochToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}
