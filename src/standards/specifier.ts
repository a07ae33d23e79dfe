// One PEP 440 version specifier ("~=1.4", "==2.*", "===foo"): grammar and packaging's matching rules.
import { compareParsed, formatVersion, isPre, parseVersion, publicOf, type Version } from "./pep440.js";
import { PY_SPACE, PY_SPACE_CLASS, isAsciiDigits, pyStrip } from "./py-text.js";

const S = `${PY_SPACE}*`;
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
const HEAD = "v?(?:[0-9]+!)?[0-9]+";

/**
 * The specifier grammar of packaging (`Specifier._specifier_regex_str`), unanchored and without
 * the surrounding whitespace; compile with the "i" flag. Also the PEP 508 SPECIFIER token.
 */
export const SPECIFIER_PATTERN = [
  `(?:===${S}[^${PY_SPACE_CLASS};)]*)`,
  `(?:(?:==|!=)${S}${HEAD}(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?)`,
  `(?:~=${S}${HEAD}(?:\\.[0-9]+)+${PRE}${POST}${DEV})`,
  `(?:(?:<=|>=|<|>)${S}${HEAD}(?:\\.[0-9]+)*${PRE}${POST}${DEV})`,
].join("|");

const SPECIFIER_RE = new RegExp(`^(?:${SPECIFIER_PATTERN})$`, "i");

/** A parsed specifier: the operator and the version text as written (stripped). */
export interface Specifier {
  operator: "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";
  version: string;
}

/** Parses one specifier like packaging's `Specifier(text)`; undefined when invalid. */
export function parseSpecifier(text: string): Specifier | undefined {
  const spec = pyStrip(text);
  if (!SPECIFIER_RE.test(spec)) return undefined;
  const length = spec.startsWith("===") ? 3 : /^(~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
  return { operator: spec.slice(0, length) as Specifier["operator"], version: pyStrip(spec.slice(length)) };
}

/** packaging's `str(Specifier)`: operator and version as written, no space. */
export function specifierToString(spec: Specifier): string {
  return `${spec.operator}${spec.version}`;
}

function mustParse(text: string): Version {
  const version = parseVersion(text);
  if (!version) throw new Error(`specifier version ${text} does not parse`);
  return version;
}

/** packaging's `Specifier.prereleases` without an override: true, false or undefined (None). */
export function specifierPrereleases(spec: Specifier): boolean | undefined {
  if (spec.operator === "!=") return false;
  if (spec.operator === "==" && spec.version.endsWith(".*")) return false;
  const version = parseVersion(spec.version);
  return version === undefined ? undefined : isPre(version);
}

/** The identity key packaging uses to de-duplicate specifiers in a set (`_canonical_spec`). */
export function canonicalSpecifierKey(spec: Specifier): string {
  if (spec.operator === "===" || spec.version.endsWith(".*")) return `${spec.operator}${spec.version}`;
  const version = mustParse(spec.version);
  let text = formatVersion(version);
  if (spec.operator !== "~=") {
    let end = version.release.length;
    while (end > 1 && version.release[end - 1] === 0n) end--;
    text = formatVersion({ ...version, release: version.release.slice(0, end) });
  }
  return `${spec.operator}${text}`;
}

// ---- wildcard and ~= prefix matching work on split strings, exactly as packaging does ----

function splitVersion(text: string): string[] {
  const bang = text.lastIndexOf("!");
  const result = [bang > 0 ? text.slice(0, bang) : "0"];
  for (const item of text.slice(bang + 1).split(".")) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m) result.push(m[1] as string, m[2] as string);
    else result.push(item);
  }
  return result;
}

function numericPrefixLength(parts: string[]): number {
  let count = 0;
  while (count < parts.length && isAsciiDigits(parts[count] as string)) count++;
  return count;
}

function canonicalOrSame(text: string): string {
  const version = parseVersion(text);
  return version ? formatVersion(version) : text;
}

function wildcardEqual(prospective: Version, spec: string): boolean {
  const split = splitVersion(canonicalOrSame(spec.slice(0, -2)));
  const wanted = numericPrefixLength(split);
  let candidate = splitVersion(formatVersion(publicOf(prospective)));
  const have = numericPrefixLength(candidate);
  if (have < wanted) {
    candidate = [...candidate.slice(0, have), ...Array<string>(wanted - have).fill("0"), ...candidate.slice(have)];
  }
  const shortened = candidate.slice(0, split.length);
  return shortened.length === split.length && shortened.every((part, i) => part === split[i]);
}

function isNotSuffix(segment: string): boolean {
  return !["dev", "a", "b", "rc", "post"].some((prefix) => segment.startsWith(prefix));
}

function compatiblePrefix(spec: string): string {
  const parts = splitVersion(spec);
  const kept: string[] = [];
  for (const part of parts) {
    if (!isNotSuffix(part)) break;
    kept.push(part);
  }
  const [epoch, ...rest] = kept.slice(0, -1);
  return `${epoch}!${rest.join(".")}.*`;
}

function equal(prospective: Version, spec: string): boolean {
  if (spec.endsWith(".*")) return wildcardEqual(prospective, spec);
  const wanted = mustParse(spec);
  const candidate = wanted.local === undefined ? publicOf(prospective) : prospective;
  return compareParsed(candidate, wanted) === 0;
}

/** Does the parsed version match the specifier's operator (prerelease policy aside)? */
export function operatorMatches(spec: Specifier, prospective: Version): boolean {
  const text = spec.version;
  switch (spec.operator) {
    case "~=":
      return compareParsed(publicOf(prospective), mustParse(text)) >= 0 && equal(prospective, compatiblePrefix(text));
    case "==":
      return equal(prospective, text);
    case "!=":
      return !equal(prospective, text);
    case "<=":
      return compareParsed(publicOf(prospective), mustParse(text)) <= 0;
    case ">=":
      return compareParsed(publicOf(prospective), mustParse(text)) >= 0;
    case "<": {
      const bound = mustParse(text);
      if (compareParsed(prospective, bound) >= 0) return false;
      const earliestPre: Version = { ...publicOf(bound), dev: 0n };
      return !(!isPre(bound) && isPre(prospective) && compareParsed(prospective, earliestPre) >= 0);
    }
    case ">": {
      const bound = mustParse(text);
      if (compareParsed(prospective, bound) <= 0) return false;
      if (bound.post === undefined && prospective.post !== undefined) {
        const { post: _p, dev: _d, local: _l, ...base } = prospective;
        if (compareParsed(base, bound) === 0) return false;
      }
      return !(prospective.local !== undefined && compareParsed(publicOf(prospective), bound) === 0);
    }
    case "===":
      return false;
  }
}

/** `===` compares the item text as given, case-insensitively (packaging's `_compare_arbitrary`). */
export function arbitraryMatches(spec: Specifier, item: string): boolean {
  return item.toLowerCase() === spec.version.toLowerCase();
}

/**
 * packaging's `Specifier.contains(item, prereleases)` for a single specifier (used by marker
 * evaluation with prereleases=True). `item` is any string; invalid versions only match `===`.
 */
export function specifierContains(spec: Specifier, item: string, prereleases: boolean): boolean {
  const parsed = parseVersion(item);
  if (spec.operator === "===") return arbitraryMatches(spec, item) && (!parsed || !isPre(parsed) || prereleases);
  if (!parsed) return false;
  return operatorMatches(spec, parsed) && (!isPre(parsed) || prereleases);
}
