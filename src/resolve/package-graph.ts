// Turns what the provider says into PubGrub facts: universes, dependency edges, unusable versions.
import { PyvendorError } from "../errors.js";
import { evaluateMarker } from "../standards/marker-evaluate.js";
import { normalizeName } from "../standards/names.js";
import { parseRequirement, type Requirement } from "../standards/requirement.js";
import { compareVersions, filterVersions, isPrerelease, isValidSpecifierSet, isValidVersion, versionSatisfies } from "../standards/version.js";
import { ROOT, ROOT_VERSION, makeIncompatibility, type Cause, type Incompatibility, type Term } from "./incompatibility.js";
import type { ResolverProvider, ResolveTarget } from "./provider.js";
import { makeUniverse, maskWhere, type Universe } from "./version-set.js";

/** The resolver's view of the provider: loaded projects, edges found, and the rules that apply. */
export interface PackageGraph {
  provider: ResolverProvider;
  target: ResolveTarget;
  pre: boolean;
  /** Specifiers of the root's and constraints' exact pins (==X, ===X), per project. */
  allowedYanks: Map<string, string[]>;
  universes: Map<string, Universe>;
  /** For each decided "pkg@index", the base projects its dependencies name. */
  edges: Map<string, string[]>;
  /** The provider's dependencies answers, parsed, by "name@version" (asked once each). */
  answers: Map<string, Promise<ParsedDependencies>>;
  /** admitted() answers by "project specifier prereleases". */
  admittedMasks: Map<string, bigint>;
  /** Per project, the versions whose Requires-Python on the index excludes the target (pip never lists them as candidates). */
  indexExcluded: Map<string, Set<string>>;
}

/** One version's dependencies, parsed. */
export interface ParsedDependencies {
  requirements: Requirement[];
  requiresPython: string;
}

/** The project a package id belongs to ("a[x]" → "a"). */
export function baseOf(pkg: string): string {
  const bracket = pkg.indexOf("[");
  return bracket < 0 ? pkg : pkg.slice(0, bracket);
}

/** The universe of a loaded package id (extras share their project's; the root has one version). */
export function universeOf(graph: PackageGraph, pkg: string): Universe {
  const universe = graph.universes.get(baseOf(pkg));
  if (!universe) throw new Error(`internal: ${pkg} used before it was loaded`);
  return universe;
}

/** Parses a requirement and refuses direct references, which need a build step to know their version. */
export function parseResolvable(text: string): Requirement {
  const requirement = parseRequirement(text);
  if (requirement.url !== undefined) {
    throw new PyvendorError("E_INVALID_REQUIREMENT", `The resolver needs a version, not a direct reference: ${text}`, { data: { text } });
  }
  return requirement;
}

// The Requires-Python and yanked facts of a freshly loaded project.
function unusableFacts(graph: PackageGraph, name: string, requiresPython: Map<string, string>, yanked: Set<string>, noFile: Set<string>): Incompatibility[] {
  const universe = universeOf(graph, name);
  const facts: Incompatibility[] = [];
  const python = graph.target.pythonFullVersion;
  const excluded = new Set<string>();
  graph.indexExcluded.set(name, excluded);
  for (const spec of [...new Set(requiresPython.values())].sort()) {
    if (!isValidSpecifierSet(spec) || versionSatisfies(python, spec, { prereleases: true })) continue;
    for (const [version, stated] of requiresPython) if (stated === spec) excluded.add(version);
    const mask = maskWhere(universe, (v) => requiresPython.get(v) === spec);
    const fact = makeIncompatibility([{ pkg: name, mask }], { kind: "requires-python", requiresPython: spec, python }, (p) => universeOf(graph, p));
    if (fact) facts.push(fact);
  }
  // Releases no file of which the target can use: pip never sees them as candidates either.
  const target = graph.target.id;
  universe.versions.forEach((version, index) => {
    if (target === undefined || !noFile.has(version)) return;
    excluded.add(version);
    const fact = makeIncompatibility([{ pkg: name, mask: 1n << BigInt(index) }], { kind: "no-file", target }, (p) => universeOf(graph, p));
    if (fact) facts.push(fact);
  });
  const pins = graph.allowedYanks.get(name) ?? [];
  universe.versions.forEach((version, index) => {
    if (!yanked.has(version) || pins.some((pin) => versionSatisfies(version, pin, { prereleases: true }))) return;
    const fact = makeIncompatibility([{ pkg: name, mask: 1n << BigInt(index) }], { kind: "yanked" }, (p) => universeOf(graph, p));
    if (fact) facts.push(fact);
  });
  return facts;
}

/**
 * Loads a project's candidates once: sorts them (PEP 440 order, equal versions once, invalid
 * ones dropped) into its universe and returns the facts that make some of them unusable.
 */
export async function loadProject(graph: PackageGraph, name: string): Promise<Incompatibility[]> {
  if (graph.universes.has(name)) return [];
  if (name === ROOT) {
    graph.universes.set(ROOT, makeUniverse([ROOT_VERSION]));
    return [];
  }
  const candidates = (await graph.provider.versions(name)).filter((c) => isValidVersion(c.version));
  candidates.sort((a, b) => compareVersions(a.version, b.version));
  const versions: string[] = [];
  const requiresPython = new Map<string, string>();
  const yanked = new Set<string>();
  const noFile = new Set<string>();
  for (const candidate of candidates) {
    const last = versions[versions.length - 1];
    if (last !== undefined && compareVersions(last, candidate.version) === 0) continue;
    versions.push(candidate.version);
    if (candidate.requiresPython?.trim()) requiresPython.set(candidate.version, candidate.requiresPython.trim());
    if (candidate.yanked) yanked.add(candidate.version);
    if (graph.target.id !== undefined && candidate.unusableFor?.includes(graph.target.id)) noFile.add(candidate.version);
  }
  graph.universes.set(name, makeUniverse(versions));
  return unusableFacts(graph, name, requiresPython, yanked, noFile);
}

/** The mask of the versions a requirement's specifier admits, with pip's pre-release rule. */
export function admitted(graph: PackageGraph, pkg: string, specifier: string, prereleases: boolean | undefined): bigint {
  const key = `${baseOf(pkg)} ${specifier} ${prereleases}`;
  const known = graph.admittedMasks.get(key);
  if (known !== undefined) return known;
  const universe = universeOf(graph, pkg);
  // Pip decides whether pre-releases may match among its candidates, which leave out the versions
  // the index marks for other Pythons: when only pre-releases of the others match, they may.
  let pre = prereleases;
  const excluded = graph.indexExcluded.get(baseOf(pkg));
  if (pre === undefined && excluded && excluded.size > 0) {
    const matches = filterVersions(universe.versions.filter((v) => !excluded.has(v)), specifier, {});
    if (matches.length > 0 && matches.every(isPrerelease)) pre = true;
  }
  const allowed = new Set(filterVersions(universe.versions, specifier, { prereleases: pre }));
  const mask = maskWhere(universe, (v) => allowed.has(v));
  graph.admittedMasks.set(key, mask);
  return mask;
}

/** The package ids a requirement needs: its project and one virtual package per extra. */
export function requiredPackages(requirement: Requirement): string[] {
  const name = normalizeName(requirement.name);
  return [name, ...requirement.extras.map((extra) => `${name}[${extra}]`)];
}

/**
 * The incompatibilities "parent (in parentMask) depends on requirement": one per package the
 * requirement needs. All those packages must be loaded. When no known version matches, the edge
 * is explained as derived from the edge and "no versions match".
 */
export function dependencyEdges(graph: PackageGraph, parent: Term, requirement: Requirement): Incompatibility[] {
  const out: Incompatibility[] = [];
  const universeFor = (p: string): Universe => universeOf(graph, p);
  for (const child of requiredPackages(requirement)) {
    const universe = universeFor(child);
    const mask = admitted(graph, child, requirement.specifier, graph.pre ? true : undefined);
    const edge: Cause = { kind: "dependency", parent: parent.pkg, child, specifier: requirement.specifier };
    const childTerm: Term = { pkg: child, mask: universe.all & ~mask };
    if (mask !== 0n) {
      const incompatibility = makeIncompatibility([parent, childTerm], edge, universeFor);
      if (incompatibility) out.push(incompatibility);
      continue;
    }
    const stated: Incompatibility = { terms: [parent, childTerm], cause: edge };
    const none: Incompatibility = { terms: [], cause: { kind: "no-versions", child: baseOf(child), specifier: requirement.specifier } };
    const incompatibility = makeIncompatibility([parent], { kind: "derived", left: stated, right: none }, universeFor);
    if (incompatibility) out.push(incompatibility);
  }
  return out;
}

/** True when the marker (if any) holds for the target with `extra` ("" for none). */
export function markerHolds(graph: PackageGraph, requirement: Requirement, extra: string): boolean {
  return requirement.marker === undefined || evaluateMarker(requirement.marker, { ...graph.target.environment, extra });
}
