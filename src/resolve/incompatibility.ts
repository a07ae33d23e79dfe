// PubGrub incompatibilities: sets of terms that must not all hold, with the cause of each.
import type { Universe } from "./version-set.js";

/** The root package's id: it has one version and depends on the requirements. */
export const ROOT = "<root>";
export const ROOT_VERSION = "0";

/** A statement about one package: its selection lies in `mask` (see version-set.ts). */
export interface Term {
  /** A package id: a normalized project name, `name[extra]` for an extra, or ROOT. */
  pkg: string;
  mask: bigint;
}

/** Why an incompatibility holds; everything but "derived" is a fact from the inputs. */
export type Cause =
  | { kind: "root" }
  | { kind: "dependency"; parent: string; child: string; specifier: string }
  | { kind: "constraint"; child: string; specifier: string }
  | { kind: "no-versions"; child: string; specifier: string }
  | { kind: "requires-python"; requiresPython: string; python: string }
  | { kind: "yanked" }
  | { kind: "no-file"; target: string }
  | { kind: "derived"; left: Incompatibility; right: Incompatibility };

/**
 * Terms that cannot all be true at once, at most one per package, none always true (those
 * are dropped: they constrain nothing). Compared by identity.
 */
export interface Incompatibility {
  terms: Term[];
  cause: Cause;
}

/** Looks up the universe of a package id (extras share their base project's). */
export type UniverseOf = (pkg: string) => Universe;

/**
 * Builds an incompatibility: terms on the same package are intersected (the incompatibility is a
 * conjunction), terms that are always true are dropped. Returns undefined when a term is empty,
 * since then the terms can never all hold and the incompatibility says nothing.
 */
export function makeIncompatibility(terms: Term[], cause: Cause, universeOf: UniverseOf): Incompatibility | undefined {
  const merged = new Map<string, bigint>();
  for (const term of terms) merged.set(term.pkg, (merged.get(term.pkg) ?? universeOf(term.pkg).all) & term.mask);
  const kept: Term[] = [];
  for (const [pkg, mask] of merged) {
    if (mask === 0n) return undefined;
    if (mask !== universeOf(pkg).all) kept.push({ pkg, mask });
  }
  return { terms: kept, cause };
}

/** The term of `pkg` in `incompatibility`, or undefined (then it holds for every selection). */
export function termOf(incompatibility: Incompatibility, pkg: string): Term | undefined {
  return incompatibility.terms.find((term) => term.pkg === pkg);
}

/**
 * PubGrub's resolution rule: from `incompatibility` and the incompatibility that caused the
 * satisfier of `pkg`, derive one without `pkg` unless the union of their two `pkg` terms still
 * constrains it. Terms on other packages are intersected.
 */
export function priorCause(
  incompatibility: Incompatibility,
  satisfierCause: Incompatibility,
  pkg: string,
  universeOf: UniverseOf,
): Incompatibility {
  const all = universeOf(pkg).all;
  const union = (termOf(incompatibility, pkg)?.mask ?? all) | (termOf(satisfierCause, pkg)?.mask ?? all);
  const others = [...incompatibility.terms, ...satisfierCause.terms].filter((term) => term.pkg !== pkg);
  const terms = union === all ? others : [...others, { pkg, mask: union }];
  const cause: Cause = { kind: "derived", left: incompatibility, right: satisfierCause };
  const derived = makeIncompatibility(terms, cause, universeOf);
  // The two causes each hold, so their resolvent is never vacuous; a programming error if it is.
  if (!derived) throw new Error(`internal: empty term while resolving on ${pkg}`);
  return derived;
}

/** True for the incompatibility that ends the search: no terms, or only "the root is selected". */
export function isTerminal(incompatibility: Incompatibility, universeOf: UniverseOf): boolean {
  const [first, ...rest] = incompatibility.terms;
  if (!first) return true;
  return rest.length === 0 && first.pkg === ROOT && (first.mask & universeOf(ROOT).none) === 0n;
}
