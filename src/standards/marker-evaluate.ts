// Evaluating PEP 508 markers against an environment, with packaging 26's comparison rules.
import { PyvendorError } from "../errors.js";
import type { Marker, MarkerComparison, MarkerEnvironment, MarkerExpression, MarkerOperand } from "./markers.js";
import { normalizeName } from "./names.js";
import { parseSpecifier, specifierContains } from "./specifier.js";

/**
 * Marker variables to evaluate against. Missing `extra` means "" (packaging's metadata context);
 * `extras` and `dependency_groups` (PEP 751 lock files) are sets of names.
 */
export type MarkerEvaluationEnvironment = Partial<MarkerEnvironment> & {
  extra?: string;
  extras?: readonly string[];
  dependency_groups?: readonly string[];
};

export interface MarkerEvaluationOptions {
  /**
   * packaging's evaluation context: "metadata" (default; `extra` defaults to ""), "lock_file"
   * (`extras` and `dependency_groups` default to empty sets) or "requirement" (no defaults).
   */
  context?: "metadata" | "lock_file" | "requirement";
}

type Value = string | ReadonlySet<string>;

const VERSION_KEYS = new Set(["implementation_version", "platform_release", "python_full_version", "python_version"]);
const SET_KEYS = new Set(["extras", "dependency_groups"]);

function buildEnvironment(env: MarkerEvaluationEnvironment, context: string): Map<string, Value> {
  const values = new Map<string, Value>();
  if (context === "lock_file") {
    values.set("extras", new Set());
    values.set("dependency_groups", new Set());
  } else if (context === "metadata") {
    values.set("extra", "");
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    values.set(key, typeof value === "string" ? value : new Set(value as readonly string[]));
  }
  const extra = values.get("extra");
  if (typeof extra === "string") values.set("extra", extra ? normalizeName(extra) : "");
  const full = values.get("python_full_version");
  if (typeof full === "string" && full.endsWith("+")) values.set("python_full_version", `${full}local`);
  return values;
}

function undefinedComparison(message: string): PyvendorError {
  return new PyvendorError("E_INVALID_MARKER", message);
}

function lookup(values: Map<string, Value>, key: string): Value {
  const value = values.get(key);
  if (value === undefined) {
    throw new PyvendorError("E_INVALID_MARKER", `The marker uses ${key}, which the target environment does not define`, {
      data: { variable: key },
    });
  }
  return value;
}

function operandText(operand: MarkerOperand): string {
  return operand.type === "value" ? operand.value : operand.name;
}

function compareValues(lhs: string, op: string, rhs: Value, key: string): boolean {
  if (VERSION_KEYS.has(key) && typeof rhs === "string") {
    const spec = parseSpecifier(`${op}${rhs}`);
    if (spec) return specifierContains(spec, lhs, true);
  }
  const equal = typeof rhs === "string" ? lhs === rhs : false;
  switch (op) {
    case "in":
      return typeof rhs === "string" ? rhs.includes(lhs) : rhs.has(lhs);
    case "not in":
      return typeof rhs === "string" ? !rhs.includes(lhs) : !rhs.has(lhs);
    case "<":
    case ">":
      return false;
    case "<=":
    case "==":
    case ">=":
      return equal;
    case "!=":
      return !equal;
    default:
      throw undefinedComparison(`Undefined comparison ${JSON.stringify(lhs)} ${op} ${JSON.stringify(rhs)}`);
  }
}

function evaluateComparison(item: MarkerComparison, values: Map<string, Value>): boolean {
  let key: string;
  let lhs: Value;
  let rhs: Value;
  if (item.left.type === "variable") {
    key = item.left.name;
    lhs = lookup(values, key);
    rhs = operandText(item.right);
  } else {
    lhs = item.left.value;
    key = operandText(item.right);
    rhs = lookup(values, key);
  }
  if (typeof lhs !== "string") throw undefinedComparison(`${key} is a set and cannot be on the left of ${item.op}`);
  if (SET_KEYS.has(key)) {
    lhs = normalizeName(lhs);
    rhs = typeof rhs === "string" ? normalizeName(rhs) : new Set([...rhs].map(normalizeName));
  }
  return compareValues(lhs, item.op, rhs, key);
}

function evaluateExpression(expression: MarkerExpression, values: Map<string, Value>): boolean {
  // "or" separates groups; a group is true when all its atoms are (every atom is evaluated).
  const groups: boolean[][] = [[]];
  for (const item of expression.items) {
    if (item === "or") groups.push([]);
    else if (item === "and") continue;
    else {
      const result = item.type === "comparison" ? evaluateComparison(item, values) : evaluateExpression(item, values);
      groups[groups.length - 1]?.push(result);
    }
  }
  return groups.some((group) => group.every(Boolean));
}

/**
 * packaging's `Marker.evaluate(env, context)`. Version variables (python_version,
 * python_full_version, implementation_version, platform_release) compare as PEP 440 versions
 * when the right side forms a valid specifier, and as strings otherwise (where `<`/`>` are false
 * and `<=`/`>=` mean equality); `extra` is compared normalized. Throws E_INVALID_MARKER when the
 * marker uses a variable `env` lacks, or `~=`/`===` on strings that are not versions.
 */
export function evaluateMarker(
  marker: Marker,
  env: MarkerEvaluationEnvironment,
  options: MarkerEvaluationOptions = {},
): boolean {
  return evaluateExpression(marker, buildEnvironment(env, options.context ?? "metadata"));
}
