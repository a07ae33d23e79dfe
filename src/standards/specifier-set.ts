// Comma-separated PEP 440 specifier sets with packaging's SpecifierSet semantics (prereleases too).
import { compareCodePoints, pyStrip } from "./py-text.js";
import { isPre, parseVersion } from "./pep440.js";
import {
  arbitraryMatches,
  canonicalSpecifierKey,
  operatorMatches,
  parseSpecifier,
  specifierPrereleases,
  specifierToString,
  type Specifier,
} from "./specifier.js";

/** A parsed set: its specifiers in the order written. */
export interface SpecifierSet {
  specifiers: Specifier[];
}

/** Parses like packaging's `SpecifierSet(text)`: split on ",", blanks dropped; undefined when invalid. */
export function parseSpecifierSet(text: string): SpecifierSet | undefined {
  const specifiers: Specifier[] = [];
  for (const piece of text.split(",")) {
    if (pyStrip(piece) === "") continue;
    const spec = parseSpecifier(pyStrip(piece));
    if (!spec) return undefined;
    specifiers.push(spec);
  }
  return { specifiers };
}

/** packaging's `str(SpecifierSet)`: sorted by text, equal specifiers (e.g. ==1.0, ==1.0.0) once. */
export function specifierSetToString(set: SpecifierSet): string {
  if (set.specifiers.length <= 1) return set.specifiers.map(specifierToString).join(",");
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...set.specifiers].sort((a, b) => compareCodePoints(specifierToString(a), specifierToString(b)));
  for (const spec of sorted) {
    const key = canonicalSpecifierKey(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(specifierToString(spec));
  }
  return out.join(",");
}

// packaging's SpecifierSet.prereleases: true when any specifier names a pre-release, else None.
function impliedPrereleases(set: SpecifierSet, prereleases: boolean | undefined): boolean | undefined {
  if (prereleases !== undefined) return prereleases;
  return set.specifiers.some((spec) => specifierPrereleases(spec) === true) ? true : undefined;
}

function matchesAll(set: SpecifierSet, item: string, prereleases: boolean | undefined): boolean {
  const parsed = parseVersion(item);
  if (!parsed) return set.specifiers.every((spec) => spec.operator === "===" && arbitraryMatches(spec, item));
  if (prereleases === false && isPre(parsed)) return false;
  return set.specifiers.every((spec) =>
    spec.operator === "===" ? arbitraryMatches(spec, item) : operatorMatches(spec, parsed),
  );
}

function isFinalOrUnknown(item: string): boolean {
  const parsed = parseVersion(item);
  return parsed === undefined || !isPre(parsed);
}

// PEP 440's default: drop pre-releases when a final release is among the candidates.
function dropPrereleasesIfFinalExists(items: string[]): string[] {
  const hasFinal = items.some((item) => {
    const parsed = parseVersion(item);
    return parsed !== undefined && !isPre(parsed);
  });
  return hasFinal ? items.filter(isFinalOrUnknown) : items;
}

/**
 * packaging's `SpecifierSet.contains(item, prereleases)`. With `prereleases` undefined a
 * pre-release matches when the specifiers match it (packaging 26 semantics: a single candidate
 * has no final release to prefer); `false` refuses pre-releases; `true` allows them.
 * Items that are not versions only match `===` specifiers (or an empty set).
 */
export function setContains(set: SpecifierSet, item: string, prereleases?: boolean): boolean {
  const allow = impliedPrereleases(set, prereleases);
  if (set.specifiers.length === 0) return allow === false ? isFinalOrUnknown(item) : true;
  return matchesAll(set, item, allow);
}

/**
 * packaging's `list(SpecifierSet.filter(items, prereleases))`: the matching items in input order.
 * With `prereleases` undefined, pre-releases are kept only when no final release matched.
 */
export function setFilter(set: SpecifierSet, items: string[], prereleases?: boolean): string[] {
  const allow = impliedPrereleases(set, prereleases);
  if (set.specifiers.length === 0) {
    if (allow === true) return [...items];
    if (allow === false) return items.filter(isFinalOrUnknown);
    return dropPrereleasesIfFinalExists(items);
  }
  const matched = items.filter((item) => matchesAll(set, item, allow));
  return allow === undefined ? dropPrereleasesIfFinalExists(matched) : matched;
}
