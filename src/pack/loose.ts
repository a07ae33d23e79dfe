// Pack from loose requirements: whether to resolve, the earlier bundle's pins, and resolved pins as pack's pins.
import { existsSync } from "node:fs";
import type { ManifestResolution } from "../bundle/manifest.js";
import { openBundle } from "../bundle/read.js";
import { PyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { normalizeName } from "../standards/names.js";
import { requirementToString } from "../standards/requirement.js";
import type { RequirementLine } from "../standards/requirements-file.js";
import { pinnedVersion } from "../standards/version.js";
import type { PackInputs } from "./inputs.js";
import type { Pin } from "./plan.js";
import { releaseHashes, type Resolved } from "./resolve-step.js";

const isLoose = (line: RequirementLine) => line.path === undefined && line.url === undefined && pinnedVersion(line.requirement.specifier) === undefined;

/**
 * Why loose requirements are not resolved here (undefined: resolve them, or nothing is loose).
 * As pip: --require-hashes means every requirement must be pinned (a --hash on a line too: the
 * requirements-file reader refuses a loose line with one); --strict
 * asks for today's pins-only pack; a pylock.toml is a lock already; direct references (paths,
 * URLs) cannot take part in a resolution over the index.
 */
export function whyNotResolve(inputs: PackInputs, settings: { strict: boolean; requireHashes: boolean }): string | undefined {
  if (!inputs.lines.some(isLoose)) return undefined;
  if (settings.strict) return "--strict packs pinned requirements only";
  if (inputs.pylocks.length > 0) return "a pylock.toml is given: pin the other requirements too, or lock them into it";
  if (settings.requireHashes) return "--require-hashes needs every requirement pinned with ==, as pip does";
  const direct = inputs.lines.find((l) => l.path !== undefined || l.url !== undefined);
  if (direct) return `${direct.source.file}:${direct.source.line} names a file or URL, which a resolution over the index cannot take in`;
  return undefined;
}

/** True when some requirement line leaves its version open. */
export function hasLooseLines(inputs: PackInputs): boolean {
  return inputs.lines.some(isLoose);
}

/**
 * The pins of the bundle already at `output` (name → version), to keep where they still fit;
 * none when there is no bundle there or it cannot be read (writing it will say why).
 */
export async function bundlePins(output: string): Promise<Record<string, string>> {
  if (!existsSync(output)) return {};
  try {
    const bundle = await openBundle(output);
    try {
      return Object.fromEntries(bundle.manifest.packages.map((p) => [p.name, p.version]));
    } finally {
      await bundle.close();
    }
  } catch (err: unknown) {
    if (err instanceof PyvendorError) return {};
    throw err;
  }
}

/**
 * Pack's pins from a resolution: requested where the requirements name the project, the index's
 * sha256 of every file of the release as the hashes a download must match, the targets by id.
 */
export function pinsFromResolution(resolved: Resolved, inputs: PackInputs, targets: Target[]): Pin[] {
  const named = new Map<string, RequirementLine>();
  for (const line of inputs.lines) if (!named.has(normalizeName(line.requirement.name))) named.set(normalizeName(line.requirement.name), line);
  return resolved.pins.map((pin) => {
    const line = named.get(pin.name);
    return {
      name: pin.name,
      version: pin.version,
      extras: [...pin.extras],
      hashes: releaseHashes(resolved.files.get(pin.name) ?? []),
      requested: pin.requestedBy.includes("root"),
      targets: pin.targets.map((i) => (targets[i] as Target).manifest.id).sort(),
      ...(line ? { source: line.source } : {}),
    };
  });
}

/** The manifest's record of a resolution: its options and the targets it served. */
export function manifestResolution(inputs: PackInputs, pre: boolean, targets: Target[]): ManifestResolution {
  return { pre, constraints: inputs.constraints.map((l) => requirementToString(l.requirement)), targets: targets.map((t) => t.manifest.id).sort() };
}
