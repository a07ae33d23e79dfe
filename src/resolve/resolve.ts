// resolve(): PubGrub version solving for one target, over a provider port; the only I/O is the provider's.
//
// The loop is pub's: unit propagation, then a decision, until every needed package has a
// version; a conflict is resolved into a learned incompatibility and a backjump, and a conflict
// that reaches the root is explained (explain.ts). Heuristic: decide the needed package with the
// fewest versions left (ties by name), at its highest version left (or the version
// `input.preferences` names, while it is allowed): pins and tight ranges first, so conflicts
// surface early, and newest versions are preferred.
import { PyvendorError } from "../errors.js";
import { normalizeName } from "../standards/names.js";
import { compareVersions, isValidVersion, pinnedVersion } from "../standards/version.js";
import { explainFailure } from "./explain.js";
import { ROOT, isTerminal, priorCause, type Incompatibility } from "./incompatibility.js";
import { loadProject, parseResolvable, universeOf, type PackageGraph } from "./package-graph.js";
import type { ResolveInput, ResolverProvider, Resolution } from "./provider.js";
import { backtrack, decide, derive, emptySolution, findSatisfier, knownMask, relation, type PartialSolution } from "./partial-solution.js";
import { solutionPins } from "./solution-pins.js";
import { countVersions, highestIndex, type Universe } from "./version-set.js";
import { prefetchDependencies, rootIncompatibilities, versionIncompatibilities } from "./version-dependencies.js";

interface SolverState {
  graph: PackageGraph;
  solution: PartialSolution;
  /** Every incompatibility of each package, oldest first. */
  byPackage: Map<string, Incompatibility[]>;
  /** The "pkg@index" whose dependency edges are in byPackage. */
  expanded: Set<string>;
}

function addIncompatibility(state: SolverState, incompatibility: Incompatibility): void {
  for (const term of incompatibility.terms) {
    const list = state.byPackage.get(term.pkg);
    if (list) list.push(incompatibility);
    else state.byPackage.set(term.pkg, [incompatibility]);
  }
}

// The failure: the explanation as the message, its lines and the target as data.
function failure(state: SolverState, terminal: Incompatibility): PyvendorError {
  const lines = explainFailure(terminal, (p) => universeOf(state.graph, p));
  return new PyvendorError("E_RESOLUTION_IMPOSSIBLE", lines.join("\n"), {
    data: { explanation: lines, python: state.graph.target.pythonFullVersion },
  });
}

// Conflict resolution: learn from a satisfied incompatibility and backjump; throws at the root.
function resolveConflict(state: SolverState, conflict: Incompatibility): Incompatibility {
  const universeFor = (p: string): ReturnType<typeof universeOf> => universeOf(state.graph, p);
  let current = conflict;
  for (;;) {
    if (isTerminal(current, universeFor)) throw failure(state, current);
    const { satisfier, term, previousLevel } = findSatisfier(state.solution, current);
    if (satisfier.cause === undefined || previousLevel < satisfier.level) {
      backtrack(state.solution, previousLevel);
      if (current !== conflict) addIncompatibility(state, current);
      return current;
    }
    current = priorCause(current, satisfier.cause, term.pkg, universeFor);
  }
}

// Unit propagation from `start`, newest incompatibilities first.
function propagate(state: SolverState, start: string): void {
  const changed = [start];
  while (changed.length > 0) {
    const pkg = changed.shift() as string;
    const list = state.byPackage.get(pkg) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const incompatibility = list[i] as Incompatibility;
      const found = relation(state.solution, incompatibility);
      if (found.kind === "satisfied") {
        const learned = resolveConflict(state, incompatibility);
        const after = relation(state.solution, learned);
        if (after.kind !== "almost") throw new Error("internal: a learned incompatibility is not almost satisfied after backjumping");
        derive(state.solution, after.term.pkg, universeOf(state.graph, after.term.pkg).all & ~after.term.mask, learned);
        changed.length = 0;
        changed.push(after.term.pkg);
        break;
      }
      if (found.kind === "almost") {
        derive(state.solution, found.term.pkg, universeOf(state.graph, found.term.pkg).all & ~found.term.mask, incompatibility);
        if (!changed.includes(found.term.pkg)) changed.push(found.term.pkg);
      }
    }
  }
}

// Starts fetching the dependencies of the version each needed, undecided package would get, as uv
// does: the answers (sdists built for metadata, downloads) then come in parallel, not in turn.
function prefetchNeeded(state: SolverState, preferences: Map<string, string>): void {
  for (const [pkg, mask] of state.solution.accumulated) {
    const universe = universeOf(state.graph, pkg);
    if (pkg === ROOT || state.solution.decided.has(pkg) || (mask & universe.none) !== 0n) continue;
    const index = preferredIndex(universe, knownMask(state.solution, pkg), preferences.get(pkg)) ?? highestIndex(universe, knownMask(state.solution, pkg));
    if (index >= 0 && !state.expanded.has(`${pkg}@${index}`)) prefetchDependencies(state.graph, pkg, index);
  }
}

// The next package to decide: needed (no "not selected" left), undecided, fewest versions left.
function nextPackage(state: SolverState): string | undefined {
  let best: { pkg: string; count: number } | undefined;
  for (const [pkg, mask] of state.solution.accumulated) {
    const universe = universeOf(state.graph, pkg);
    if (state.solution.decided.has(pkg) || (mask & universe.none) !== 0n) continue;
    const count = countVersions(universe, mask);
    if (!best || count < best.count || (count === best.count && pkg < best.pkg)) best = { pkg, count };
  }
  return best?.pkg;
}

// The index of the version equal to `preferred` (PEP 440: 1 == 1.0) when it is in `mask`, else undefined.
function preferredIndex(universe: Universe, mask: bigint, preferred: string | undefined): number | undefined {
  if (preferred === undefined) return undefined;
  const index = universe.versions.findIndex((v) => isValidVersion(v) && compareVersions(v, preferred) === 0);
  return index >= 0 && ((mask >> BigInt(index)) & 1n) !== 0n ? index : undefined;
}

// Exact pins of the root requirements and constraints: the yanked versions that may be chosen.
function yankAllowances(texts: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const text of texts) {
    const requirement = parseResolvable(text);
    const name = normalizeName(requirement.name);
    if (pinnedVersion(requirement.specifier) !== undefined) out.set(name, [...(out.get(name) ?? []), requirement.specifier]);
  }
  return out;
}

/**
 * Resolves `input.requirements` (narrowed by `input.constraints`) for `input.target`, asking
 * `provider` for versions and dependencies. Returns one pin per needed project, sorted by name.
 * Throws PyvendorError E_RESOLUTION_IMPOSSIBLE (message: the explanation, one sentence a line;
 * data.explanation: those lines) when no choice satisfies everything, E_INVALID_REQUIREMENT /
 * E_INVALID_MARKER for bad requirement strings, and whatever the provider throws.
 */
export async function resolve(input: ResolveInput, provider: ResolverProvider): Promise<Resolution> {
  const constraints = input.constraints ?? [];
  const graph: PackageGraph = {
    provider,
    target: input.target,
    pre: input.options?.pre === true,
    allowedYanks: yankAllowances([...input.requirements, ...constraints]),
    universes: new Map(),
    edges: new Map(),
    answers: new Map(),
    admittedMasks: new Map(),
    indexExcluded: new Map(),
  };
  const inputs = { requirements: input.requirements.map(parseResolvable), constraints: constraints.map(parseResolvable) };
  const preferences = new Map(
    Object.entries(input.preferences ?? {}).filter(([, v]) => isValidVersion(v)).map(([name, v]) => [normalizeName(name), v]),
  );
  await loadProject(graph, ROOT);
  const state: SolverState = { graph, solution: emptySolution((p) => universeOf(graph, p)), byPackage: new Map(), expanded: new Set() };
  addIncompatibility(state, { terms: [{ pkg: ROOT, mask: universeOf(graph, ROOT).none }], cause: { kind: "root" } });
  let next = ROOT;
  for (;;) {
    propagate(state, next);
    prefetchNeeded(state, preferences);
    const pkg = nextPackage(state);
    if (pkg === undefined) break;
    const index = preferredIndex(universeOf(graph, pkg), knownMask(state.solution, pkg), preferences.get(pkg)) ?? highestIndex(universeOf(graph, pkg), knownMask(state.solution, pkg));
    if (index < 0) throw new Error(`internal: ${pkg} is needed but has no version left`);
    if (pkg === ROOT) {
      for (const incompatibility of await rootIncompatibilities(graph, inputs)) addIncompatibility(state, incompatibility);
    } else {
      // After a backjump the same version may be decided again; its edges are already known.
      const key = `${pkg}@${index}`;
      if (!state.expanded.has(key)) {
        const outcome = await versionIncompatibilities(graph, pkg, index);
        if (!outcome.usable) {
          addIncompatibility(state, outcome.reason);
          next = pkg;
          continue;
        }
        state.expanded.add(key);
        for (const incompatibility of outcome.incompatibilities) addIncompatibility(state, incompatibility);
      }
    }
    decide(state.solution, pkg, index);
    next = pkg;
  }
  return { pins: solutionPins(graph, state.solution.decided) };
}
