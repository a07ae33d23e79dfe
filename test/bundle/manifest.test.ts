// The Manifest TypeScript type and schemas/manifest.schema.json must describe the same data.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Manifest, ManifestPackage, ManifestResolution, ManifestSource, ManifestTarget, ManifestWheel, SystemLibrary, WheelBuild } from "../../src/bundle/manifest.js";
import { bundleContent, computeBundleId, serializeManifest } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import { loadManifestSchema, parseManifest } from "../../src/bundle/validate.js";
import { CP311, sha256 } from "./helpers.js";

/** Every key of T, marked as TypeScript sees it; the compiler refuses a missing, extra or mis-marked key. */
type KeySpec<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? "optional" : "required" };

const manifestKeys: KeySpec<Manifest> = {
  format: "required", id: "required", name: "optional", version: "optional", generator: "required",
  created: "optional", targets: "required", requirements: "required", resolution: "optional", packages: "required",
};
const resolutionKeys: KeySpec<ManifestResolution> = { pre: "required", constraints: "required", targets: "required" };
const generatorKeys: KeySpec<Manifest["generator"]> = { name: "required", version: "required" };
const targetKeys: KeySpec<ManifestTarget> = {
  id: "required", implementation: "required", pythonVersion: "required", interpreterTag: "required",
  abiTag: "required", platform: "required", glibc: "required", markers: "required",
};
const libraryKeys: KeySpec<SystemLibrary> = { soname: "required", package: "optional" };
const buildKeys: KeySpec<WheelBuild> = { frontend: "required", requirements: "required", python: "required" };
const wheelKeys: KeySpec<ManifestWheel> = {
  filename: "required", sha256: "required", size: "required", tags: "required", origin: "required",
  targets: "required", url: "optional", build: "optional", systemLibraries: "required",
};
const sourceKeys: KeySpec<ManifestSource> = { filename: "required", url: "required", sha256: "required", size: "required", path: "optional" };
const packageKeys: KeySpec<ManifestPackage> = {
  name: "required", version: "required", requested: "required", extras: "required", dependencies: "required",
  targets: "required", requiresPython: "optional", source: "optional", wheels: "required",
};

interface SchemaObject {
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: unknown;
}

const schema = loadManifestSchema() as unknown as SchemaObject & { $defs: Record<string, SchemaObject & { properties: Record<string, SchemaObject> }> };
const defs = schema.$defs;
const objects: [string, SchemaObject, Record<string, string>][] = [
  ["Manifest (root)", schema, manifestKeys],
  ["generator", (schema.properties?.generator ?? {}) as SchemaObject, generatorKeys],
  ["ManifestResolution (resolution)", (schema.properties?.resolution ?? {}) as SchemaObject, resolutionKeys],
  ["ManifestTarget ($defs/target)", defs.target ?? {}, targetKeys],
  ["SystemLibrary ($defs/systemLibrary)", defs.systemLibrary ?? {}, libraryKeys],
  ["WheelBuild ($defs/wheel/properties/build)", defs.wheel?.properties.build ?? {}, buildKeys],
  ["ManifestWheel ($defs/wheel)", defs.wheel ?? {}, wheelKeys],
  ["ManifestSource ($defs/source)", defs.source ?? {}, sourceKeys],
  ["ManifestPackage ($defs/package)", defs.package ?? {}, packageKeys],
];

for (const [what, node, spec] of objects) {
  test(`${what}: the schema has exactly the type's properties, required where the type requires them`, () => {
    assert.deepEqual(Object.keys(node.properties ?? {}).sort(), Object.keys(spec).sort());
    const required = Object.entries(spec).filter(([, v]) => v === "required").map(([k]) => k).sort();
    assert.deepEqual([...(node.required ?? [])].sort(), required);
    assert.equal(node.additionalProperties, false, "objects are closed (format 1.0 readers refuse unknown keys)");
  });
}

/** A manifest with every optional field filled in. */
function fullManifest(): Manifest {
  const wheel: ManifestWheel = {
    filename: "fastmath-1.0-cp311-cp311-linux_x86_64.whl",
    sha256: sha256("wheel"),
    size: 1234,
    tags: ["cp311-cp311-linux_x86_64"],
    origin: "built",
    targets: [CP311.id],
    url: "https://files.example/fastmath-1.0-cp311-cp311-linux_x86_64.whl",
    build: { frontend: "pyvendor", requirements: ["setuptools==69.0.0", "wheel==0.42.0"], python: "cp311 3.11.7" },
    systemLibraries: [{ soname: "libpq.so.5", package: "libpq5" }],
  };
  return finalizeManifest({
    format: "1.0.0",
    name: "demo",
    version: "2024.1",
    generator: { name: "pyvendor", version: "0.1.0" },
    created: "2024-01-01T00:00:00Z",
    targets: [CP311],
    requirements: ["fastmath==1.0"],
    resolution: { pre: false, constraints: ["fastmath<2"], targets: [CP311.id] },
    packages: [
      {
        name: "fastmath",
        version: "1.0",
        requested: true,
        extras: ["fast"],
        dependencies: [],
        targets: [CP311.id],
        requiresPython: ">=3.8",
        source: { filename: "fastmath-1.0.tar.gz", url: "https://files.example/fastmath-1.0.tar.gz", sha256: sha256("sdist"), size: 99, path: "sources/fastmath-1.0.tar.gz" },
        wheels: [wheel],
      },
    ],
  });
}

test("a fully-populated Manifest is valid against the schema", () => {
  const m = fullManifest();
  assert.deepEqual(parseManifest(serializeManifest(m), "sample"), m);
});

test("the fully-populated sample really uses every key of every object", () => {
  const m = fullManifest();
  const pkg = m.packages[0] as ManifestPackage;
  const wheel = pkg.wheels[0] as ManifestWheel;
  const samples: [object, Record<string, string>][] = [
    [m, manifestKeys], [m.generator, generatorKeys], [m.resolution as object, resolutionKeys], [m.targets[0] as object, targetKeys],
    [wheel.systemLibraries[0] as object, libraryKeys], [wheel.build as object, buildKeys],
    [wheel, wheelKeys], [pkg.source as object, sourceKeys], [pkg, packageKeys],
  ];
  for (const [value, spec] of samples) assert.deepEqual(Object.keys(value).sort(), Object.keys(spec).sort());
});

test("a 1.1 id leaves out download URLs; a 1.0 id is computed the 1.0 way, URLs in", () => {
  const manifest = fullManifest();
  const moved = structuredClone(manifest);
  for (const pkg of moved.packages) {
    if (pkg.source) pkg.source.url = "https://mirror.example/fastmath-1.0.tar.gz";
    for (const wheel of pkg.wheels) wheel.url = "https://mirror.example/w.whl";
  }
  const as11 = (m: Manifest): Manifest => ({ ...m, format: "1.1.0" });
  assert.equal(computeBundleId(as11(manifest)), computeBundleId(as11(moved)), "1.1: another mirror, the same id");
  assert.notEqual(computeBundleId(manifest), computeBundleId(moved), "1.0: the URLs are part of the id");
  assert.equal(computeBundleId(manifest), manifest.id, "a 1.0 manifest keeps its id");
  assert.ok(!JSON.stringify(bundleContent(as11(manifest))).includes("files.example"));
  assert.notEqual(computeBundleId(as11({ ...manifest, packages: [{ ...(manifest.packages[0] as ManifestPackage), version: "1.1" }] })), computeBundleId(as11(manifest)), "content still counts");
});
