// Synthetic bundles for tests: tiny real wheels and manifests that describe them.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Manifest, ManifestPackage, ManifestTarget } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import type { BundleFile } from "../../src/bundle/write.js";
import { makeZip } from "../helpers/zip-writer.js";

export const CP311: ManifestTarget = {
  id: "cp311-cp311-linux_x86_64",
  implementation: "cpython",
  pythonVersion: "3.11.7",
  interpreterTag: "cp311",
  abiTag: "cp311",
  platform: "linux_x86_64",
  glibc: "2.36",
  markers: {
    implementation_name: "cpython",
    os_name: "posix",
    platform_machine: "x86_64",
    platform_system: "Linux",
    python_full_version: "3.11.7",
    python_version: "3.11",
    sys_platform: "linux",
  },
};

export const CP312: ManifestTarget = {
  ...CP311,
  id: "cp312-cp312-linux_x86_64",
  pythonVersion: "3.12.1",
  interpreterTag: "cp312",
  abiTag: "cp312",
  markers: { ...CP311.markers, python_full_version: "3.12.1", python_version: "3.12" },
};

export interface FakeWheel {
  /** Default: <name>-<version>-py3-none-any.whl */
  filename?: string;
  /** The file's bytes as is (not a wheel: verify refuses it); default: a tiny real wheel named by the file name. */
  content?: string;
  targets?: string[];
  tags?: string[];
  systemLibraries?: { soname: string; package?: string }[];
}

export interface FakePackage {
  name: string;
  version: string;
  requested?: boolean;
  dependencies?: string[];
  targets?: string[];
  wheels?: FakeWheel[];
  /** Packs an sdist too (sources/<name>-<version>.tar.gz). */
  withSource?: boolean;
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * A real (tiny) wheel named `filename`, so that verify, which reads every wheel as install does,
 * accepts it: `content` is its one data file, METADATA and .dist-info follow the file name.
 */
export function wheelBytes(filename: string, content: string): Buffer {
  const [name = "", version = ""] = filename.split("-");
  const info = `${name}-${version}.dist-info`;
  const tag = filename.slice(0, -4).split("-").slice(-3).join("-");
  const entries = [
    { name: `${name}/content.txt`, data: content },
    { name: `${info}/METADATA`, data: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n\n` },
    { name: `${info}/WHEEL`, data: `Wheel-Version: 1.0\nGenerator: pyvendor-tests\nRoot-Is-Purelib: true\nTag: ${tag}\n\n` },
  ];
  const row = (e: { name: string; data: string }) =>
    `${e.name},sha256=${createHash("sha256").update(e.data).digest("base64url")},${Buffer.byteLength(e.data)}\n`;
  const record = `${entries.map(row).join("")}${info}/RECORD,,\n`;
  return makeZip([...entries, { name: `${info}/RECORD`, data: record }]);
}

/**
 * Writes the fake wheels of `packages` under `dir` and returns a finalized manifest and the file
 * list writeBundle wants.
 */
export async function syntheticBundle(
  dir: string,
  packages: FakePackage[],
  options: { targets?: ManifestTarget[]; name?: string; version?: string } = {},
): Promise<{ manifest: Manifest; files: BundleFile[] }> {
  const targets = options.targets ?? [CP311];
  await mkdir(dir, { recursive: true });
  const files: BundleFile[] = [];
  const pkgs: ManifestPackage[] = [];
  for (const p of packages) {
    const wheelSpecs = p.wheels ?? [{}];
    const wheels = [];
    for (const w of wheelSpecs) {
      const filename = w.filename ?? `${p.name.replace(/-/g, "_")}-${p.version}-py3-none-any.whl`;
      const content = w.content ?? wheelBytes(filename, `fake wheel ${filename}\n`);
      const source = path.join(dir, filename);
      await writeFile(source, content);
      files.push({ bundlePath: `wheels/${filename}`, source });
      wheels.push({
        filename,
        sha256: sha256(content),
        size: Buffer.byteLength(content),
        tags: w.tags ?? [filename.slice(0, -4).split("-").slice(-3).join("-")],
        origin: "downloaded" as const,
        targets: w.targets ?? p.targets ?? targets.map((t) => t.id),
        systemLibraries: w.systemLibraries ?? [],
      });
    }
    const pkg: ManifestPackage = {
      name: p.name,
      version: p.version,
      requested: p.requested ?? true,
      extras: [],
      dependencies: p.dependencies ?? [],
      targets: p.targets ?? targets.map((t) => t.id),
      wheels,
    };
    if (p.withSource) {
      const filename = `${p.name.replace(/-/g, "_")}-${p.version}.tar.gz`;
      const content = `fake sdist ${filename}\n`;
      const source = path.join(dir, filename);
      await writeFile(source, content);
      files.push({ bundlePath: `sources/${filename}`, source });
      pkg.source = { filename, url: `https://files.example/${filename}`, sha256: sha256(content), size: Buffer.byteLength(content), path: `sources/${filename}` };
    }
    pkgs.push(pkg);
  }
  const manifest = finalizeManifest({
    format: "1.0.0",
    ...(options.name ? { name: options.name } : {}),
    ...(options.version ? { version: options.version } : {}),
    generator: { name: "pyvendor", version: "0.1.0" },
    targets,
    requirements: packages.filter((p) => p.requested !== false).map((p) => `${p.name}==${p.version}`),
    packages: pkgs,
  });
  return { manifest, files };
}
