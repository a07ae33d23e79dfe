// PubGrub's partial solution: the ordered decisions and derivations, and the questions asked of it.
import type { Incompatibility, Term, UniverseOf } from "./incompatibility.js";

/** One assignment: a decision (no cause) or a term derived from an incompatibility. */
export interface Assignment {
  pkg: string;
  mask: bigint;
  level: number;
  cause: Incompatibility | undefined;
}

/** The partial solution. `level` counts decisions; `accumulated` is each package's intersection. */
export interface PartialSolution {
  assignments: Assignment[];
  accumulated: Map<string, bigint>;
  decided: Map<string, number>;
  level: number;
  universeOf: UniverseOf;
}

export type Relation =
  | { kind: "satisfied" }
  | { kind: "contradicted" }
  | { kind: "almost"; term: Term }
  | { kind: "inconclusive" };

/** An empty partial solution. */
export function emptySolution(universeOf: UniverseOf): PartialSolution {
  return { assignments: [], accumulated: new Map(), decided: new Map(), level: 0, universeOf };
}

/** What is known about `pkg`: the intersection of its assignments (every selection when none). */
export function knownMask(solution: PartialSolution, pkg: string): bigint {
  return solution.accumulated.get(pkg) ?? solution.universeOf(pkg).all;
}

/** Records a derivation of `mask` for `pkg` caused by `cause` at the current level. */
export function derive(solution: PartialSolution, pkg: string, mask: bigint, cause: Incompatibility): void {
  solution.assignments.push({ pkg, mask, level: solution.level, cause });
  solution.accumulated.set(pkg, knownMask(solution, pkg) & mask);
}

/** Records the decision `pkg` = version index `index`, opening a new decision level. */
export function decide(solution: PartialSolution, pkg: string, index: number): void {
  solution.level += 1;
  const mask = 1n << BigInt(index);
  solution.assignments.push({ pkg, mask, level: solution.level, cause: undefined });
  solution.accumulated.set(pkg, knownMask(solution, pkg) & mask);
  solution.decided.set(pkg, index);
}

/** Drops every assignment made after decision level `level`. */
export function backtrack(solution: PartialSolution, level: number): void {
  solution.assignments = solution.assignments.filter((a) => a.level <= level);
  solution.level = level;
  solution.accumulated = new Map();
  solution.decided = new Map();
  for (const a of solution.assignments) {
    solution.accumulated.set(a.pkg, knownMask(solution, a.pkg) & a.mask);
    if (a.cause === undefined) solution.decided.set(a.pkg, Number(a.mask.toString(2).length - 1));
  }
}

/** How the partial solution relates to an incompatibility (PubGrub's "relation"). */
export function relation(solution: PartialSolution, incompatibility: Incompatibility): Relation {
  let unsatisfied: Term | undefined;
  for (const term of incompatibility.terms) {
    const known = knownMask(solution, term.pkg);
    if ((known & ~term.mask) === 0n) continue;
    if ((known & term.mask) === 0n) return { kind: "contradicted" };
    if (unsatisfied) return { kind: "inconclusive" };
    unsatisfied = term;
  }
  return unsatisfied ? { kind: "almost", term: unsatisfied } : { kind: "satisfied" };
}

/** Where a satisfied incompatibility became satisfied, for conflict resolution. */
export interface SatisfierSearch {
  /** The assignment that completed the satisfaction, and its package's term. */
  satisfier: Assignment;
  term: Term;
  /** The highest decision level of the assignments needed besides the satisfier (at least 1). */
  previousLevel: number;
}

// Index of the first assignment after which `term` is satisfied, starting from `start` ∩ each step.
function firstSatisfying(assignments: Assignment[], term: Term, start: bigint, end: number): number {
  let known = start;
  for (let i = 0; i < end; i++) {
    const a = assignments[i] as Assignment;
    if (a.pkg !== term.pkg) continue;
    known &= a.mask;
    if ((known & ~term.mask) === 0n) return i;
  }
  return -1;
}

/**
 * Finds the satisfier of an incompatibility the partial solution satisfies: the earliest
 * assignment by which all its terms hold. Throws (a bug) when it is not satisfied.
 */
export function findSatisfier(solution: PartialSolution, incompatibility: Incompatibility): SatisfierSearch {
  const { assignments } = solution;
  const found = incompatibility.terms.map((term) => ({
    term,
    at: firstSatisfying(assignments, term, solution.universeOf(term.pkg).all, assignments.length),
  }));
  if (found.some((f) => f.at < 0)) throw new Error("internal: satisfier search on an unsatisfied incompatibility");
  const latest = found.reduce((best, f) => (f.at > best.at ? f : best));
  const satisfier = assignments[latest.at] as Assignment;
  let previous = 1;
  for (const f of found) if (f !== latest) previous = Math.max(previous, (assignments[f.at] as Assignment).level);
  // The satisfier's own term may also need earlier assignments of its package.
  const before = firstSatisfying(assignments, latest.term, satisfier.mask, latest.at);
  if ((satisfier.mask & ~latest.term.mask) !== 0n && before >= 0) {
    previous = Math.max(previous, (assignments[before] as Assignment).level);
  }
  return { satisfier, term: latest.term, previousLevel: previous };
}
