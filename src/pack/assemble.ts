// Pack step "assemble" (pure): pins, wheels and sources → the bundle manifest, sorted, with its id.
import {
  MANIFEST_FORMAT,
  computeBundleId,
  type Manifest,
  type ManifestPackage,
  type ManifestResolution,
  type ManifestSource,
  type ManifestTarget,
} from "../bundle/manifest.js";
import type { PackedWheel } from "./build-step.js";
import type { Pin } from "./plan.js";

export interface PackedSource {
  filename: string;
  /** URL without userinfo. */
  url: string;
  sha256: string;
  size: number;
  /** Bundle path when sources are included. */
  path?: string;
}

export interface AssembleInput {
  pins: Pin[];
  wheels: PackedWheel[];
  sources: Map<string, PackedSource>;
  targets: ManifestTarget[];
  /** The top-level requirements as given. */
  requirements: string[];
  /** Present when the pins were resolved from loose requirements. */
  resolution?: ManifestResolution;
  dependencies: Map<string, string[]>;
  extras: Map<string, string[]>;
  requiresPython: Map<string, string>;
  name?: string;
  version?: string;
  generatorVersion: string;
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Builds the manifest; every array is sorted so equal inputs give byte-equal manifests. */
export function assembleManifest(input: AssembleInput): Manifest {
  const packages: ManifestPackage[] = input.pins.map((pin) => {
    const source: ManifestSource | undefined = input.sources.get(pin.name);
    const requiresPython = input.requiresPython.get(pin.name);
    return {
      name: pin.name,
      version: pin.version,
      requested: pin.requested,
      extras: input.extras.get(pin.name) ?? pin.extras,
      dependencies: input.dependencies.get(pin.name) ?? [],
      targets: [...pin.targets].sort(),
      ...(requiresPython ? { requiresPython } : {}),
      ...(source ? { source } : {}),
      wheels: input.wheels
        .filter((w) => w.pin.name === pin.name)
        .map((w) => ({
          filename: w.filename,
          sha256: w.sha256,
          size: w.size,
          tags: [...w.tags].sort(),
          origin: w.origin,
          targets: [...w.targets].sort(),
          ...(w.url ? { url: w.url } : {}),
          ...(w.build ? { build: { ...w.build, requirements: [...w.build.requirements].sort() } } : {}),
          systemLibraries: [...w.systemLibraries].sort(byKey((l) => l.soname)),
        }))
        .sort(byKey((w) => w.filename)),
    };
  });
  const body: Omit<Manifest, "id"> = {
    format: MANIFEST_FORMAT,
    ...(input.name ? { name: input.name } : {}),
    ...(input.version ? { version: input.version } : {}),
    generator: { name: "pyvendor", version: input.generatorVersion },
    targets: [...input.targets].sort(byKey((t) => t.id)),
    requirements: input.requirements,
    ...(input.resolution ? { resolution: { ...input.resolution, targets: [...input.resolution.targets].sort() } } : {}),
    packages: packages.sort(byKey((p) => p.name)),
  };
  return { ...body, id: computeBundleId(body) };
}
