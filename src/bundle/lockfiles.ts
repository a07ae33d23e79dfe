// The lock files a bundle derives from its manifest: requirements.lock (pip) and pylock.toml (PEP 751).
import path from "node:path";
import { compareText, MANIFEST_FILE, PYLOCK_FILE, REQUIREMENTS_LOCK, WHEELS_DIR } from "./layout.js";
import { serializeManifest, type Manifest, type ManifestPackage } from "./manifest.js";
import { targetEnvironment, targetsMarker, targetsRequiresPython } from "./markers.js";

const byName = (a: ManifestPackage, b: ManifestPackage) => compareText(a.name, b.name);

/**
 * pip-compatible pins with every wheel's sha256, one package per block, sorted by name; packages
 * that only some targets use carry a marker. The same manifest always gives the same text, and a
 * change to one package changes only its block.
 */
export function requirementsLock(manifest: Manifest): string {
  const lines = [
    "# Pinned by pyvendor from manifest.json; do not edit (pack again instead).",
    "# Offline install: pip install --no-index --find-links wheels -r requirements.lock",
  ];
  for (const pkg of [...manifest.packages].sort(byName)) {
    const marker = targetsMarker(manifest, pkg.targets);
    const hashes = [...new Set(pkg.wheels.map((w) => w.sha256))].sort(compareText);
    const head = `${pkg.name}==${pkg.version}${marker ? ` ; ${marker}` : ""}`;
    lines.push([head, ...hashes.map((h) => `    --hash=sha256:${h}`)].join(" \\\n"));
  }
  return `${lines.join("\n")}\n`;
}

/** A TOML basic string. */
export function tomlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

export interface PylockOptions {
  /** "relative" (default): paths relative to the bundle root, as stored in the bundle. */
  paths?: "relative" | "absolute";
  /** The bundle directory; required for absolute paths. */
  root?: string;
}

function filePath(relative: string, options: PylockOptions): string {
  if (options.paths !== "absolute") return relative;
  if (options.root === undefined) throw new Error("pylockToml: absolute paths need options.root");
  return path.resolve(options.root, ...relative.split("/"));
}

function fileTable(fields: { name: string; path: string; size: number; sha256: string }): string {
  return `{ name = ${tomlString(fields.name)}, path = ${tomlString(fields.path)}, size = ${fields.size}, hashes = { sha256 = ${tomlString(fields.sha256)} } }`;
}

function packageBlock(manifest: Manifest, pkg: ManifestPackage, options: PylockOptions): string {
  const lines = ["[[packages]]", `name = ${tomlString(pkg.name)}`, `version = ${tomlString(pkg.version)}`];
  const marker = targetsMarker(manifest, pkg.targets);
  if (marker) lines.push(`marker = ${tomlString(marker)}`);
  if (pkg.requiresPython) lines.push(`requires-python = ${tomlString(pkg.requiresPython)}`);
  if (pkg.dependencies.length > 0) {
    lines.push(`dependencies = [${pkg.dependencies.map((d) => `{ name = ${tomlString(d)} }`).join(", ")}]`);
  }
  const source = pkg.source;
  if (source?.path !== undefined) {
    lines.push(`sdist = ${fileTable({ name: source.filename, path: filePath(source.path, options), size: source.size, sha256: source.sha256 })}`);
  }
  const wheels = [...pkg.wheels].sort((a, b) => compareText(a.filename, b.filename));
  lines.push("wheels = [");
  for (const w of wheels) {
    const rel = `${WHEELS_DIR}/${w.filename}`;
    lines.push(`    ${fileTable({ name: w.filename, path: filePath(rel, options), size: w.size, sha256: w.sha256 })},`);
  }
  lines.push("]");
  return lines.join("\n");
}

/**
 * A PEP 751 lock (lock-version 1.0) of the bundle: one [[packages]] entry per package with every
 * wheel of every target (`path` into wheels/, size, sha256), `environments` listing the targets,
 * and `requires-python` covering them. Deterministic for a given manifest and options.
 */
export function pylockToml(manifest: Manifest, options: PylockOptions = {}): string {
  const head = ['lock-version = "1.0"'];
  if (manifest.targets.length > 0) {
    head.push("environments = [");
    for (const t of manifest.targets) head.push(`    ${tomlString(targetEnvironment(t))},`);
    head.push("]");
  }
  const requiresPython = targetsRequiresPython(manifest);
  if (requiresPython) head.push(`requires-python = ${tomlString(requiresPython)}`);
  head.push('created-by = "pyvendor"');
  const blocks = [...manifest.packages].sort(byName).map((p) => packageBlock(manifest, p, options));
  if (blocks.length === 0) head.push("packages = []");
  return `${[head.join("\n"), ...blocks].join("\n\n")}\n`;
}

/** The text files a bundle derives from its manifest, keyed by bundle path (manifest.json included). */
export function bundleTexts(manifest: Manifest): Map<string, string> {
  return new Map([
    [MANIFEST_FILE, serializeManifest(manifest)],
    [REQUIREMENTS_LOCK, requirementsLock(manifest)],
    [PYLOCK_FILE, pylockToml(manifest)],
  ]);
}
