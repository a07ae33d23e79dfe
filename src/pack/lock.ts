// The lock pipeline: loose requirements → one set of pins for every target → a requirements file
// with hashes (what `pyvendor lock` runs; `pack` from loose requirements will resolve through it).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createSystemPackages } from "../build/system-packages.js";
import { openCache, resolveCacheDir } from "../cache/cache.js";
import { PyvendorError } from "../errors.js";
import { silentSink, timed } from "../events.js";
import { writeFileAtomic } from "../atomic-file.js";
import { formatPylockLock } from "../lock/pylock-output.js";
import { formatRequirementsLock } from "../lock/requirements-output.js";
import { createFinder } from "../package-index/finder.js";
import { resolveIndexSettings, type IndexSettingsInput } from "../package-index/settings.js";
import type { Target } from "../python/target.js";
import { parsePylock } from "../standards/pylock.js";
import { parseRequirementsFile } from "../standards/requirements-file.js";
import { normalizeName } from "../standards/names.js";
import { pinnedVersion } from "../standards/version.js";
import { frontendFor, openWorkDir, type PackContext } from "./context.js";
import { effectiveSettings } from "./effective-settings.js";
import { readPackInputs } from "./inputs.js";
import type { PackOptions } from "./options.js";
import { createLibraryScanner } from "./libraries.js";
import { findTargets } from "./pipeline.js";
import { keptPins, releaseHashes, resolveStep } from "./resolve-step.js";

export interface LockOptions {
  /** requirements.in files (pip's format; loose requirements are the point). */
  requirementFiles?: string[];
  constraintFiles?: string[];
  /** Requirements given directly. */
  requirements?: string[];
  /** Where the lock goes; its pins are kept where they still fit, unless `upgrade`. */
  output: string;
  /** "requirements" (pip's format, --hash lines) or "pylock" (PEP 751); default: pylock for a .toml output. */
  format?: "requirements" | "pylock";
  /** Target interpreters (default python3): one lock that holds for each. */
  pythons?: string[];
  /** Forget every earlier pin. */
  upgrade?: boolean;
  /** Forget the earlier pins of these projects only. */
  upgradePackages?: string[];
  pre?: boolean;
  index?: IndexSettingsInput;
  cacheDir?: string;
  /** The command line, for the file's header. */
  command?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  events?: PackOptions["events"];
}

export interface LockResult {
  output: string;
  targets: string[];
  pins: { name: string; version: string; targets: string[] }[];
  /** False when the file already said exactly this. */
  changed: boolean;
}

/** The pins of an earlier lock at `file` (name → version), to keep where they still fit. */
function earlierPins(file: string, cwd: string, format: "requirements" | "pylock"): Record<string, string> {
  if (!existsSync(file)) return {};
  if (format === "pylock") return Object.fromEntries(parsePylock(readFileSync(file, "utf8"), { file }).packages.map((p) => [p.name, p.version ?? ""]).filter(([, v]) => v));
  const parsed = parseRequirementsFile(file, { readFile: (p) => readFileSync(p, "utf8"), cwd });
  const out: Record<string, string> = {};
  for (const line of parsed.requirements) {
    const version = pinnedVersion(line.requirement.specifier);
    if (version !== undefined) out[normalizeName(line.requirement.name)] = version;
  }
  return out;
}

/**
 * Resolves the requirements for every target and writes the lock (atomically) to `options.output`.
 * Metadata comes from the index (PEP 658 files, wheels), an sdist's static PKG-INFO, or a build
 * of the sdist for the first target (its wheel's METADATA). Throws E_USAGE (nothing to lock, a
 * pylock.toml as input), E_RESOLUTION_IMPOSSIBLE with the explanation, the index's and the
 * builds' codes, and E_HASH_REQUIRED when the index gives some files no sha256.
 */
export async function lock(options: LockOptions): Promise<LockResult> {
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const output = path.resolve(cwd, options.output);
  const inputs = readPackInputs({ requirementFiles: options.requirementFiles ?? [], constraintFiles: options.constraintFiles ?? [], specs: options.requirements ?? [], env, cwd });
  if (inputs.pylocks.length > 0) throw new PyvendorError("E_USAGE", "lock reads requirements files, not pylock.toml (that is a lock already)");
  if (inputs.lines.length === 0) throw new PyvendorError("E_USAGE", "Nothing to lock: give requirements with -r FILE or as arguments");
  const cacheDir = resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env });
  const targets: Target[] = await timed(events, "plan", () => findTargets(options.pythons ?? [], { env, cacheDir }));
  const effective = effectiveSettings(inputs.options, { ...(options.index ? { index: options.index } : {}), ...(options.pre ? { pre: true } : {}) });
  const settings = resolveIndexSettings(effective.index, env);
  const cache = await openCache({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env, events });
  const work = await openWorkDir(cache.dir);
  try {
    const finder = createFinder(settings, { cache, events });
    const packOptions: PackOptions = { output, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) };
    const c: PackContext = { options: packOptions, inputs, targets, effective, settings, cache, finder, events, env, workDir: work.dir };
    const packages = createSystemPackages();
    const { frontend } = frontendFor(c, packages);
    const format = options.format ?? (output.endsWith(".toml") ? "pylock" : "requirements");
    const preferences = keptPins(earlierPins(output, cwd, format), options);
    const { pins, files } = await resolveStep(c, { frontend, scanLibraries: createLibraryScanner(targets, packages), metadataBy: "prepare" }, preferences);
    const hashes = new Map([...files].map(([name, list]) => [name, releaseHashes(list)]));
    const lockTargets = targets.map((t) => ({ pythonFullVersion: t.info.markers.python_full_version }));
    const text = format === "pylock" ? formatPylockLock({ pins, targets: lockTargets, files }) : formatRequirementsLock({
      pins,
      targets: lockTargets,
      hashes,
      inputs: (options.requirementFiles ?? []).map((f) => path.relative(path.dirname(output), path.resolve(cwd, f)) || f),
      command: options.command ?? "pyvendor lock",
    });
    const before = existsSync(output) ? readFileSync(output, "utf8") : undefined;
    if (before !== text) await writeFileAtomic(output, text);
    return {
      output,
      targets: targets.map((t) => t.manifest.id),
      pins: pins.map((p) => ({ name: p.name, version: p.version, targets: p.targets.map((i) => (targets[i] as Target).manifest.id) })),
      changed: before !== text,
    };
  } finally {
    await work.close();
  }
}
