// Real bundles around hand-made (possibly hostile) wheels, and an install that must be refused without side effects.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Manifest, ManifestPackage } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import { writeBundle, type BundleFile } from "../../src/bundle/write.js";
import { isPyvendorError } from "../../src/errors.js";
import { install } from "../../src/install/venv.js";
import { installRelease } from "../../src/install/release.js";
import { describeTarget } from "../../src/python/target.js";
import { normalizeName } from "../../src/standards/names.js";
import { parseWheelFilename } from "../../src/standards/tags.js";
import { cleanEnv } from "./env.js";
import { python3 } from "./install-venv.js";
import { writeRawBundle } from "./raw-bundle.js";
import { buildWheel, type WheelSpec } from "./wheel-factory.js";

export type BundleForm = "dir" | "tar.gz" | "zip";
export type InstallMode = "venv" | "releases";

export interface HostileBundleOptions {
  /** The wheels to pack; each becomes one requested package named after its wheel file. */
  wheels: WheelSpec[];
  form: BundleForm;
  /** Scratch directory: wheels go to `<dir>/wheels`, the bundle to `<dir>/bundle[.tar.gz|.zip]`. */
  dir: string;
  /**
   * Changes the finished manifest (a copy; return it or a new one). The bundle is then written
   * past the writer's checks (writeRawBundle), each wheel under `wheels/<its filename in the
   * changed manifest>`, with the manifest's id recomputed.
   */
  alterManifest?: (manifest: Manifest) => Manifest;
}

/**
 * Writes a bundle with a valid manifest for python3 (the interpreter install will pick) holding
 * the given wheels, as `pack` would: package name and version from the wheel file name, not from
 * METADATA. Returns the bundle's path.
 */
export async function writeHostileBundle(options: HostileBundleOptions): Promise<string> {
  const target = describeTarget(await python3()).manifest;
  const files: BundleFile[] = [];
  const packages: ManifestPackage[] = [];
  for (const spec of options.wheels) {
    const wheel = await buildWheel(spec, path.join(options.dir, "wheels"));
    const parsed = parseWheelFilename(wheel.filename);
    files.push({ bundlePath: `wheels/${wheel.filename}`, source: wheel.path });
    packages.push({
      name: normalizeName(parsed.name),
      version: parsed.version,
      requested: true,
      extras: [],
      dependencies: [],
      targets: [target.id],
      wheels: [
        {
          filename: wheel.filename,
          sha256: wheel.sha256,
          size: (await readFile(wheel.path)).length,
          tags: parsed.tags,
          origin: "downloaded",
          targets: [target.id],
          systemLibraries: [],
        },
      ],
    });
  }
  const manifest = finalizeManifest({
    format: "1.0.0",
    generator: { name: "pyvendor", version: "0.1.0" },
    targets: [target],
    requirements: packages.map((p) => `${p.name}==${p.version}`),
    packages,
  });
  const output = path.join(options.dir, options.form === "dir" ? "bundle" : `bundle.${options.form}`);
  if (!options.alterManifest) {
    await writeBundle({ output, format: options.form, manifest, files });
    return output;
  }
  const hostile = options.alterManifest(structuredClone(manifest));
  const paths = new Map<string, string>();
  files.forEach((f, i) => {
    const filename: unknown = hostile.packages?.[i]?.wheels?.[0]?.filename;
    paths.set(typeof filename === "string" ? `wheels/${filename}` : f.bundlePath, f.source);
  });
  const written = await writeRawBundle({ honest: manifest, hostile, files: paths, form: options.form, output });
  if (!written) throw new Error(`writeHostileBundle: the archive library refused an entry of ${output}`);
  return output;
}

export interface BundleInstallOptions {
  bundle: string;
  mode: InstallMode;
  /** The venv path (mode "venv") or the releases root (mode "releases"). */
  dest: string;
  /** The cache install uses (interpreter descriptions, unpacked-wheel store, scratch space). */
  cacheDir: string;
}

/** Installs `bundle` with the library (no subprocess CLI), in a clean environment; returns the venv dir. */
export async function installBundle(options: BundleInstallOptions): Promise<string> {
  const common = { bundle: options.bundle, cacheDir: options.cacheDir, env: cleanEnv() };
  if (options.mode === "venv") return (await install({ ...common, venv: options.dest })).venv;
  return (await installRelease({ ...common, releases: options.dest, wait: false })).path;
}

export interface RefusalOptions extends BundleInstallOptions {
  /** The expected PyvendorError code, or any of several; any code when omitted. */
  code?: string | string[];
  /** A directory nothing may be written under. */
  outside: string;
}

/** Every path under `dir` (recursively, sorted): files with their sha256, `/` after directories. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) out.push(`${rel}/`);
    else out.push(entry.isFile() ? `${rel} ${createHash("sha256").update(await readFile(path.join(dir, rel))).digest("hex").slice(0, 16)}` : `${rel} (other)`);
  }
  return out.sort();
}

async function leftovers(dir: string, pattern: RegExp): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).filter((n) => pattern.test(n)) : [];
}

/**
 * Installs `bundle` and asserts, in this order: that the tree under `outside` is unchanged (the
 * harm a hostile bundle does first), that install was refused with a PyvendorError (of `code`
 * when given), and that no venv or release, no staging or set-aside directory and no install
 * scratch dir is left.
 */
export async function expectInstallRefused(options: RefusalOptions): Promise<void> {
  const before = await listTree(options.outside);
  const outcome = await installBundle(options).then(
    (venv) => ({ ok: true as const, venv }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  assert.deepEqual(await listTree(options.outside), before, `nothing may be written under ${options.outside}`);
  assert.ok(!outcome.ok, `install must be refused, but it created ${outcome.ok ? outcome.venv : ""}`);
  const { err } = outcome;
  assert.ok(isPyvendorError(err), `expected a PyvendorError, got ${String(err)}`);
  const codes = options.code === undefined ? undefined : [options.code].flat();
  if (codes) assert.ok(codes.includes(err.code), `expected ${codes.join(" or ")}, got ${err.code}: ${err.message}`);
  await assertNothingLeft(options);
}

/**
 * Asserts what a refused install leaves: no venv (mode "venv") or no release and no `current`
 * (mode "releases"), no staging or set-aside directory, no install scratch dir in the cache.
 */
export async function assertNothingLeft(options: BundleInstallOptions): Promise<void> {
  if (options.mode === "venv") {
    assert.equal(existsSync(options.dest), false, "the venv must not exist");
    assert.deepEqual(await leftovers(path.dirname(options.dest), /pyvendor-(staging|old)/), [], "no staging dir may be left");
  } else {
    assert.deepEqual(await leftovers(path.join(options.dest, "releases"), /./), [], "no release or staging dir may be left");
    assert.deepEqual(await leftovers(options.dest, /^current$/), [], "no release may be current");
  }
  assert.deepEqual(await leftovers(path.join(options.cacheDir, "tmp"), /^install-/), [], "no install scratch dir may be left");
}
