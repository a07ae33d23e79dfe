// An independent oracle for the resolver's property test: checks a set of pins against every rule,
// and searches all version combinations of a small graph for any solution.
import { evaluateMarker, filterVersions, isPrerelease, normalizeName, parseRequirement, pinnedVersion, versionSatisfies } from "../../src/standards/index.js";
import type { ResolveTarget } from "../../src/resolve/index.js";
import type { MemoryGraph } from "../helpers/memory-provider.js";

/** A small problem: graph, root requirements, constraints, pre-release flag and target. */
export interface Problem {
  graph: MemoryGraph;
  requirements: string[];
  constraints: string[];
  pre: boolean;
  target: ResolveTarget;
}

interface Need {
  name: string;
  extras: string[];
  /** The versions of `name` this requirement admits (pip's pre-release rule applied). */
  admitted: Set<string>;
}

/** project → version (absent: not selected), and the extras selected per project. */
export type Selection = Map<string, string>;

interface Oracle {
  versionsOf: (name: string) => string[];
  usable: (name: string, version: string) => boolean;
  rootNeeds: Need[];
  /** The needs of a version with `extra` ("" for its own, else only what the extra adds). */
  needsOf: (name: string, version: string, extra: string) => Need[];
  constraintsAdmit: (name: string, version: string) => boolean;
}

function releaseOf(problem: Problem, name: string, version: string): { deps: string[]; yanked: boolean; requiresPython: string; indexRequiresPython: string } {
  const release = problem.graph[name]?.[version];
  if (release === undefined || Array.isArray(release)) return { deps: release ?? [], yanked: false, requiresPython: "", indexRequiresPython: "" };
  return {
    deps: release.deps ?? [],
    yanked: release.yanked ?? false,
    requiresPython: release.metadataRequiresPython ?? release.requiresPython ?? "",
    indexRequiresPython: release.requiresPython ?? "",
  };
}

/** The oracle's reading of a problem (project names in the graph must be normalized already). */
export function makeOracle(problem: Problem): Oracle {
  const versionsOf = (name: string): string[] => Object.keys(problem.graph[name] ?? {});
  const holds = (text: string, extra: string): boolean => {
    const marker = parseRequirement(text).marker;
    return marker === undefined || evaluateMarker(marker, { ...problem.target.environment, extra });
  };
  const need = (text: string, prereleases: boolean | undefined): Need => {
    const req = parseRequirement(text);
    const name = normalizeName(req.name);
    // pip decides on pre-releases among its candidates: the versions whose index Requires-Python admits the target.
    const listed = versionsOf(name).filter((v) => {
      const stated = releaseOf(problem, name, v).indexRequiresPython;
      return !stated || versionSatisfies(problem.target.pythonFullVersion, stated, { prereleases: true });
    });
    const onlyPre = prereleases === undefined && (() => {
      const matches = filterVersions(listed, req.specifier, {});
      return matches.length > 0 && matches.every(isPrerelease);
    })();
    return { name, extras: req.extras, admitted: new Set(filterVersions(versionsOf(name), req.specifier, { prereleases: onlyPre ? true : prereleases })) };
  };
  const pre = problem.pre ? true : undefined;
  const activeConstraints = problem.constraints.filter((c) => holds(c, "")).map((c) => need(c, true));
  const exactPins = [...problem.requirements, ...problem.constraints].map(parseRequirement).filter((r) => pinnedVersion(r.specifier) !== undefined);
  return {
    versionsOf,
    usable: (name, version) => {
      const release = releaseOf(problem, name, version);
      if (release.requiresPython && !versionSatisfies(problem.target.pythonFullVersion, release.requiresPython, { prereleases: true })) return false;
      if (!release.yanked) return true;
      return exactPins.some((r) => normalizeName(r.name) === name && versionSatisfies(version, r.specifier, { prereleases: true }));
    },
    rootNeeds: problem.requirements.filter((r) => holds(r, "")).map((r) => need(r, pre)),
    needsOf: (name, version, extra) =>
      releaseOf(problem, name, version)
        .deps.filter((d) => holds(d, extra) && (extra === "" || !holds(d, "")))
        .map((d) => need(d, pre)),
    constraintsAdmit: (name, version) => activeConstraints.every((c) => c.name !== name || c.admitted.has(version)),
  };
}

/**
 * The rule a selection breaks, or undefined when it is a solution: every need of the root, of
 * each selected version and of each extra asked for (transitively) is met by a selected,
 * usable, admitted version; constraints hold. `extrasOut` receives the extras asked for.
 */
export function violation(oracle: Oracle, selection: Selection, extrasOut?: Map<string, Set<string>>): string | undefined {
  const extras = extrasOut ?? new Map<string, Set<string>>();
  const pending: Need[] = [...oracle.rootNeeds];
  const seen = new Set<string>();
  for (const [name, version] of selection) {
    if (!oracle.usable(name, version)) return `${name}==${version} is not usable`;
    if (!oracle.constraintsAdmit(name, version)) return `${name}==${version} breaks a constraint`;
    pending.push(...oracle.needsOf(name, version, ""));
  }
  while (pending.length > 0) {
    const need = pending.pop() as Need;
    const version = selection.get(need.name);
    if (version === undefined || !need.admitted.has(version)) return `${need.name} ${[...need.admitted].join("|")} is not met (${version})`;
    for (const extra of need.extras) {
      if (seen.has(`${need.name}[${extra}]`)) continue;
      seen.add(`${need.name}[${extra}]`);
      extras.set(need.name, (extras.get(need.name) ?? new Set()).add(extra));
      pending.push(...oracle.needsOf(need.name, version, extra));
    }
  }
  return undefined;
}

/** True when some combination of versions (each project selected or not) is a solution. */
export function anySolution(oracle: Oracle, projects: string[]): boolean {
  const choices = projects.map((name) => [undefined, ...oracle.versionsOf(name).filter((v) => oracle.usable(name, v))]);
  const selection: Selection = new Map();
  const search = (i: number): boolean => {
    if (i === projects.length) return violation(oracle, selection) === undefined;
    for (const version of choices[i] ?? []) {
      if (version === undefined) selection.delete(projects[i] as string);
      else selection.set(projects[i] as string, version);
      if (search(i + 1)) return true;
    }
    selection.delete(projects[i] as string);
    return false;
  };
  return search(0);
}
