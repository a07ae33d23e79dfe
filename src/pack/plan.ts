// Pack step "plan" (pure): requirement lines × targets → one pin per package, with where it applies.
import { PyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { evaluateMarker } from "../standards/markers.js";
import { normalizeName } from "../standards/names.js";
import { requirementToString } from "../standards/requirement.js";
import type { RequirementLine } from "../standards/requirements-file.js";
import { splitSdistFilename } from "../standards/sdist-formats.js";
import { parseSdistFilename, parseWheelFilename } from "../standards/tags.js";
import { isValidVersion, normalizeVersion, pinnedVersion, versionSatisfies } from "../standards/version.js";

/** A package pinned to one version, to be packed for some of the targets. */
export interface Pin {
  /** PEP 503 normalized name. */
  name: string;
  version: string;
  /** Extras requested for it (normalized, sorted). */
  extras: string[];
  /** Known hashes ("sha256:<hex>"); any downloaded file must match one of them. */
  hashes: string[];
  /** Named in the top-level requirements (false: pulled in as a dependency). */
  requested: boolean;
  /** Target ids for which the requirement's marker holds. */
  targets: string[];
  /** Where the pin was written, for messages. */
  source?: { file: string; line: number };
  /** A local archive path given instead of a name==version pin. */
  path?: string;
  /** For a pin added by the closure: the package whose Requires-Dist asked for it, and how. */
  via?: { parent: string; requirement: string };
}

function where(line: RequirementLine): string {
  return line.source.line > 0 ? `${line.source.file}:${line.source.line}` : line.source.file;
}

function applies(line: RequirementLine, target: Target): boolean {
  const marker = line.requirement.marker;
  return marker === undefined || evaluateMarker(marker, { ...target.markers, extra: "" });
}

function versionOf(line: RequirementLine): string | undefined {
  if (line.path !== undefined) {
    const file = line.path.split("/").pop() ?? line.path;
    if (file.endsWith(".whl")) return parseWheelFilename(file).version;
    const sdist = splitSdistFilename(file);
    return sdist && isValidVersion(sdist.version) ? normalizeVersion(sdist.version) : parseSdistFilename(file).version;
  }
  return pinnedVersion(line.requirement.specifier);
}

/**
 * One Pin per package named in `lines`, restricted to the targets whose markers select it.
 * Lines for the same package are merged (extras united, hashes united); a package pinned to two
 * versions is E_DEPENDENCY_CONFLICT; lines without an exact `==` pin are E_UNPINNED_REQUIREMENT,
 * all of them listed in one error. Lines whose marker excludes every target are dropped.
 */
export function planPins(lines: RequirementLine[], targets: Target[]): Pin[] {
  const pins = new Map<string, Pin>();
  const unpinned: string[] = [];
  for (const line of lines) {
    const req = line.requirement;
    const targetIds = targets.filter((t) => applies(line, t)).map((t) => t.manifest.id);
    if (targetIds.length === 0) continue;
    const version = versionOf(line);
    if (req.url !== undefined && line.path === undefined) {
      unpinned.push(`${where(line)}: ${requirementToString(req)} (direct URL references need a pinned name==version instead)`);
      continue;
    }
    if (version === undefined && line.path === undefined) {
      unpinned.push(`${where(line)}: ${requirementToString(req)}`);
      continue;
    }
    // `name===` is valid PEP 508 (arbitrary equality with the empty string, as packaging parses
    // it) but names no release anyone can publish: say so rather than search the index for "".
    if (version === "" && line.path === undefined) {
      unpinned.push(`${where(line)}: ${requirementToString(req)} (=== needs the exact version text after it, e.g. ${req.name}===1.0.0)`);
      continue;
    }
    const name = normalizeName(req.name);
    const existing = pins.get(name);
    if (existing && version !== undefined && existing.version !== version) {
      throw new PyvendorError(
        "E_DEPENDENCY_CONFLICT",
        `${req.name} is pinned to two versions: ${existing.version} and ${version} (${where(line)})`,
      );
    }
    if (existing) {
      existing.extras = [...new Set([...existing.extras, ...req.extras])].sort();
      existing.hashes = [...new Set([...existing.hashes, ...line.hashes])];
      existing.targets = [...new Set([...existing.targets, ...targetIds])].sort();
      continue;
    }
    pins.set(name, {
      name,
      version: version ?? "",
      extras: [...req.extras],
      hashes: [...line.hashes],
      requested: true,
      targets: targetIds.sort(),
      source: line.source,
      ...(line.path !== undefined ? { path: line.path } : {}),
    });
  }
  if (unpinned.length > 0) {
    throw new PyvendorError(
      "E_UNPINNED_REQUIREMENT",
      `${unpinned.length === 1 ? "A requirement is" : `${unpinned.length} requirements are`} not pinned to one version:\n${unpinned.join("\n")}`,
      { data: { unpinned } },
    );
  }
  return [...pins.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Checks the pins against constraints (-c): a constraint that applies to a pin's targets and
 * excludes its version is E_DEPENDENCY_CONFLICT (every such pair listed). Constraints on
 * packages that are not pinned are kept for the closure, which pins dependencies by them.
 */
export function checkConstraints(pins: Pin[], constraints: RequirementLine[], targets: Target[]): void {
  const problems: string[] = [];
  for (const pin of pins) {
    for (const line of constraints) {
      if (normalizeName(line.requirement.name) !== pin.name || line.requirement.specifier === "") continue;
      const mine = targets.filter((t) => pin.targets.includes(t.manifest.id));
      if (!mine.some((t) => applies(line, t))) continue;
      if (versionSatisfies(pin.version, line.requirement.specifier, { prereleases: true })) continue;
      const at = pin.source ? ` (${pin.source.file}:${pin.source.line})` : "";
      problems.push(`${pin.name} is pinned to ${pin.version}${at} but constrained to ${line.requirement.specifier} (${where(line)})`);
    }
  }
  if (problems.length > 0) {
    throw new PyvendorError("E_DEPENDENCY_CONFLICT", `The pins conflict with the constraints:\n${problems.join("\n")}`, { data: { conflicts: problems } });
  }
}

/**
 * Merges pin sets planned separately per target (pylock inputs select packages per target):
 * targets, extras and hashes are united; one package at two versions is E_DEPENDENCY_CONFLICT.
 */
export function mergePinSets(sets: Pin[][]): Pin[] {
  const merged = new Map<string, Pin>();
  for (const pin of sets.flat()) {
    const seen = merged.get(pin.name);
    if (!seen) {
      merged.set(pin.name, { ...pin, extras: [...pin.extras], hashes: [...pin.hashes], targets: [...pin.targets] });
      continue;
    }
    if (seen.version !== pin.version) {
      throw new PyvendorError(
        "E_DEPENDENCY_CONFLICT",
        `${pin.name} is pinned to ${seen.version} for ${seen.targets.join(", ")} and to ${pin.version} for ${pin.targets.join(", ")}`,
        { hint: "A bundle holds one version of each package; pack the targets into separate bundles." },
      );
    }
    seen.extras = [...new Set([...seen.extras, ...pin.extras])].sort();
    seen.hashes = [...new Set([...seen.hashes, ...pin.hashes])];
    seen.targets = [...new Set([...seen.targets, ...pin.targets])].sort();
  }
  return [...merged.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
