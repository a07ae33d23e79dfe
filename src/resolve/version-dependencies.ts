// The incompatibilities one chosen version brings: its dependency edges, or why it is unusable.
import { normalizeName } from "../standards/names.js";
import type { Requirement } from "../standards/requirement.js";
import { isValidSpecifierSet, versionSatisfies } from "../standards/version.js";
import { ROOT, makeIncompatibility, type Incompatibility, type Term } from "./incompatibility.js";
import {
  admitted,
  baseOf,
  dependencyEdges,
  loadProject,
  markerHolds,
  parseResolvable,
  requiredPackages,
  universeOf,
  type PackageGraph,
  type ParsedDependencies,
} from "./package-graph.js";

/** The root's inputs, parsed. */
export interface RootInputs {
  requirements: Requirement[];
  constraints: Requirement[];
}

// Loads every project the requirements name; returns the facts found about them.
async function loadAll(graph: PackageGraph, requirements: Requirement[]): Promise<Incompatibility[]> {
  const facts: Incompatibility[] = [];
  for (const requirement of requirements) facts.push(...(await loadProject(graph, normalizeName(requirement.name))));
  return facts;
}

/** The root's edges: each requirement whose marker holds, and each applicable constraint. */
export async function rootIncompatibilities(graph: PackageGraph, inputs: RootInputs): Promise<Incompatibility[]> {
  const requirements = inputs.requirements.filter((r) => markerHolds(graph, r, ""));
  const constraints = inputs.constraints.filter((r) => markerHolds(graph, r, ""));
  const facts = await loadAll(graph, [...requirements, ...constraints]);
  const root: Term = { pkg: ROOT, mask: 1n };
  const out = [...facts];
  for (const requirement of requirements) out.push(...dependencyEdges(graph, root, requirement));
  graph.edges.set(`${ROOT}@0`, requirements.map((r) => normalizeName(r.name)));
  for (const constraint of constraints) {
    const child = normalizeName(constraint.name);
    const universe = universeOf(graph, child);
    // "If the project is selected, its version is admitted": forbid selecting any other version.
    const mask = universe.anyVersion & ~admitted(graph, child, constraint.specifier, true);
    const cause = { kind: "constraint", child, specifier: constraint.specifier } as const;
    const incompatibility = makeIncompatibility([root, { pkg: child, mask }], cause, (p) => universeOf(graph, p));
    if (incompatibility) out.push(incompatibility);
  }
  return out;
}

/** What deciding a version brings: its edges (and facts about new projects), or its unusability. */
export type VersionOutcome = { usable: true; incompatibilities: Incompatibility[] } | { usable: false; reason: Incompatibility };

// The provider's answer for one version, asked once per resolution.
function fetchDependencies(graph: PackageGraph, name: string, version: string): Promise<ParsedDependencies> {
  const key = `${name}@${version}`;
  let answer = graph.answers.get(key);
  if (!answer) {
    answer = graph.provider.dependencies(name, version).then((deps) => ({
      requirements: deps.requiresDist.map(parseResolvable),
      requiresPython: deps.requiresPython?.trim() ?? "",
    }));
    graph.answers.set(key, answer);
  }
  return answer;
}

/**
 * Asks for the dependencies of `pkg` at version index `index` ahead of its decision, so that
 * slow answers (sdists built for their metadata) come in parallel; a failure is reported only
 * when the resolution really needs that answer.
 */
export function prefetchDependencies(graph: PackageGraph, pkg: string, index: number): void {
  const version = universeOf(graph, pkg).versions[index];
  if (version !== undefined) fetchDependencies(graph, baseOf(pkg), version).catch(() => undefined);
}

/**
 * The incompatibilities of `pkg` at version index `index` (not the root). For `name[extra]`
 * these are "equal to name's version" and the requirements only that extra's marker admits.
 */
export async function versionIncompatibilities(graph: PackageGraph, pkg: string, index: number): Promise<VersionOutcome> {
  const name = baseOf(pkg);
  const universe = universeOf(graph, pkg);
  const version = universe.versions[index] as string;
  const self: Term = { pkg, mask: 1n << BigInt(index) };
  const deps = await fetchDependencies(graph, name, version);
  const python = graph.target.pythonFullVersion;
  const universeFor = (p: string): typeof universe => universeOf(graph, p);
  // An extra is unusable exactly when its project is: the link below carries that over.
  if (pkg === name && deps.requiresPython && isValidSpecifierSet(deps.requiresPython) && !versionSatisfies(python, deps.requiresPython, { prereleases: true })) {
    const cause = { kind: "requires-python", requiresPython: deps.requiresPython, python } as const;
    const reason = makeIncompatibility([{ pkg: name, mask: self.mask }], cause, universeFor);
    if (reason) return { usable: false, reason };
  }
  const extra = pkg === name ? "" : pkg.slice(name.length + 1, -1);
  const wanted = deps.requirements.filter((r) => markerHolds(graph, r, extra) && (extra === "" || !markerHolds(graph, r, "")));
  const out = await loadAll(graph, wanted);
  if (extra !== "") {
    const link = makeIncompatibility([self, { pkg: name, mask: universe.all & ~self.mask }], { kind: "dependency", parent: pkg, child: name, specifier: `==${version}` }, universeFor);
    if (link) out.push(link);
  }
  for (const requirement of wanted) out.push(...dependencyEdges(graph, self, requirement));
  graph.edges.set(`${pkg}@${index}`, [...new Set(wanted.flatMap((r) => requiredPackages(r).slice(0, 1)))]);
  return { usable: true, incompatibilities: out };
}
