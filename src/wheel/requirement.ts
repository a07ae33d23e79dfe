// PEP 508 requirements and markers, the minimum `check` needs: parse Requires-Dist, evaluate markers.
// TODO(standards): replace with src/standards/pep508.ts when merged.
import { satisfies } from "@renovatebot/pep440";
import { PyvendorError } from "../errors.js";
import type { MarkerEnvironment } from "../python/interpreter.js";
import { normalizeName } from "./wheel-name.js";

export interface Requirement {
  name: string;
  extras: string[];
  /** Version specifiers ("" for any), e.g. ">=1.0,<2". */
  specifier: string;
  url?: string;
  marker?: string;
}

/** Parses `name[extras] (specifiers) ; marker` or `name @ url ; marker`. Throws E_INVALID_REQUIREMENT. */
export function parseRequirement(text: string): Requirement {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/s.exec(text);
  if (!m) throw new PyvendorError("E_INVALID_REQUIREMENT", `Not a valid requirement: ${text}`);
  let rest = (m[3] as string).trim();
  let marker: string | undefined;
  let url: string | undefined;
  if (rest.startsWith("@")) {
    const semi = rest.search(/\s;/);
    url = (semi < 0 ? rest.slice(1) : rest.slice(1, semi)).trim();
    rest = semi < 0 ? "" : rest.slice(semi);
  }
  const semi = rest.indexOf(";");
  if (semi >= 0) {
    marker = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi).trim();
  }
  const specifier = rest.replace(/^\(|\)$/g, "").replace(/\s+/g, "");
  const extras = (m[2] ?? "").split(",").map((e) => e.trim()).filter(Boolean).map(normalizeName);
  return { name: m[1] as string, extras, specifier, ...(url ? { url } : {}), ...(marker ? { marker } : {}) };
}

type Token = { kind: "str" | "var" | "op" | "lp" | "rp" | "and" | "or"; value: string };

function tokenize(marker: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|('[^']*'|"[^"]*")|(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)|(and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let pos = 0;
  while (pos < marker.length) {
    if (/^\s*$/.test(marker.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(marker);
    if (!m) throw new PyvendorError("E_INVALID_MARKER", `Cannot parse marker: ${marker}`);
    pos = re.lastIndex;
    if (m[1]) tokens.push({ kind: "lp", value: "(" });
    else if (m[2]) tokens.push({ kind: "rp", value: ")" });
    else if (m[3]) tokens.push({ kind: "str", value: m[3].slice(1, -1) });
    else if (m[4]) tokens.push({ kind: "op", value: m[4].replace(/\s+/g, " ") });
    else if (m[5]) tokens.push({ kind: m[5] as "and" | "or", value: m[5] });
    else tokens.push({ kind: "var", value: m[6] as string });
  }
  return tokens;
}

const VERSION_VARS = new Set(["python_version", "python_full_version", "implementation_version"]);

function compare(lhs: string, op: string, rhs: string, versionish: boolean): boolean {
  if (op === "in") return rhs.includes(lhs);
  if (op === "not in") return !rhs.includes(lhs);
  if (versionish && op !== "===") {
    try {
      return satisfies(lhs, `${op}${rhs}`, { prereleases: true });
    } catch {
      /* fall through to string comparison, as packaging does for non-versions */
    }
  }
  if (op === "==" || op === "===") return lhs === rhs;
  if (op === "!=") return lhs !== rhs;
  throw new PyvendorError("E_INVALID_MARKER", `Operator ${op} needs versions, got "${lhs}" and "${rhs}"`);
}

/**
 * Evaluates a PEP 508 marker with `env` and the given extra ("" for none). Extra names are
 * compared normalized. Throws E_INVALID_MARKER.
 */
export function evaluateMarker(marker: string, env: MarkerEnvironment, extra = ""): boolean {
  const tokens = tokenize(marker);
  let i = 0;
  const values = env as unknown as Record<string, string>;
  const value = (t: Token | undefined): { v: string; isVar: string | undefined } => {
    if (!t || (t.kind !== "str" && t.kind !== "var")) throw new PyvendorError("E_INVALID_MARKER", `Cannot parse marker: ${marker}`);
    if (t.kind === "str") return { v: t.value, isVar: undefined };
    const name = t.value === "platform.python_implementation" ? "platform_python_implementation" : t.value;
    if (name === "extra") return { v: normalizeName(extra), isVar: name };
    if (!(name in values)) throw new PyvendorError("E_INVALID_MARKER", `Unknown marker variable ${t.value} in: ${marker}`);
    return { v: values[name] as string, isVar: name };
  };
  const atom = (): boolean => {
    if (tokens[i]?.kind === "lp") {
      i++;
      const r = or();
      if (tokens[i++]?.kind !== "rp") throw new PyvendorError("E_INVALID_MARKER", `Unbalanced parentheses in: ${marker}`);
      return r;
    }
    const lhs = value(tokens[i++]);
    const op = tokens[i++];
    if (op?.kind !== "op") throw new PyvendorError("E_INVALID_MARKER", `Cannot parse marker: ${marker}`);
    const rhs = value(tokens[i++]);
    const isExtra = lhs.isVar === "extra" || rhs.isVar === "extra";
    const l = isExtra && !lhs.isVar ? normalizeName(lhs.v) : lhs.v;
    const r = isExtra && !rhs.isVar ? normalizeName(rhs.v) : rhs.v;
    const versionish = VERSION_VARS.has(lhs.isVar ?? "") || VERSION_VARS.has(rhs.isVar ?? "");
    return compare(l, op.value, r, versionish);
  };
  const and = (): boolean => {
    let r = atom();
    while (tokens[i]?.kind === "and") {
      i++;
      r = atom() && r;
    }
    return r;
  };
  const or = (): boolean => {
    let r = and();
    while (tokens[i]?.kind === "or") {
      i++;
      r = and() || r;
    }
    return r;
  };
  const result = or();
  if (i !== tokens.length) throw new PyvendorError("E_INVALID_MARKER", `Cannot parse marker: ${marker}`);
  return result;
}
