// PEP 508 environment markers: the AST, parsing and printing exactly as packaging's Marker.
import { PyvendorError } from "../errors.js";
import { parseFullMarker } from "./marker-grammar.js";
import { normalizeName } from "./names.js";
import { MarkerSyntaxError, createTokenizer } from "./tokenizer.js";

export { evaluateMarker, type MarkerEvaluationOptions, type MarkerEvaluationEnvironment } from "./marker-evaluate.js";

/** The PEP 508 marker variables, as `packaging.markers.default_environment()` gives them. */
export interface MarkerEnvironment {
  implementation_name: string;
  implementation_version: string;
  os_name: string;
  platform_machine: string;
  platform_release: string;
  platform_system: string;
  platform_version: string;
  python_full_version: string;
  platform_python_implementation: string;
  python_version: string;
  sys_platform: string;
}

/** A side of a comparison: a variable (by its canonical name, "os.name" → "os_name") or a string. */
export type MarkerOperand = { type: "variable"; name: string } | { type: "value"; value: string };

export type MarkerOperator = "<" | "<=" | "==" | "!=" | ">=" | ">" | "~=" | "===" | "in" | "not in";

/** `left op right`, e.g. python_version >= "3.8". */
export interface MarkerComparison {
  type: "comparison";
  left: MarkerOperand;
  op: MarkerOperator;
  right: MarkerOperand;
}

/**
 * A flat sequence `atom (("and" | "or") atom)*` as written; a parenthesized group is a nested
 * expression. "and" binds tighter than "or" when evaluated.
 */
export interface MarkerExpression {
  type: "expression";
  items: (MarkerComparison | MarkerExpression | "and" | "or")[];
}

/** A parsed marker (the AST packaging keeps in `Marker._markers`). */
export type Marker = MarkerExpression;

/**
 * PEP 685: a value compared with `extra` is normalized ("Foo_Bar" → "foo-bar"). As in packaging,
 * only comparisons at the top level of the marker are rewritten, not those inside parentheses.
 */
export function normalizeExtraComparisons(marker: MarkerExpression): MarkerExpression {
  const operandText = (o: MarkerOperand): string => (o.type === "value" ? o.value : o.name);
  const items = marker.items.map((item) => {
    if (typeof item === "string" || item.type !== "comparison") return item;
    if (item.left.type === "variable" && item.left.name === "extra") {
      return { ...item, right: { type: "value", value: normalizeName(operandText(item.right)) } as MarkerOperand };
    }
    if (item.right.type === "variable" && item.right.name === "extra") {
      return { ...item, left: { type: "value", value: normalizeName(operandText(item.left)) } as MarkerOperand };
    }
    return item;
  });
  return { type: "expression", items };
}

/** Turns a tokenizer syntax error into the PyvendorError callers see. */
export function syntaxErrorToPyvendor(
  error: unknown,
  code: "E_INVALID_MARKER" | "E_INVALID_REQUIREMENT",
  what: string,
): unknown {
  if (error instanceof RangeError) {
    return new PyvendorError(code, `Invalid ${what}: parentheses nested too deeply`, { cause: error });
  }
  if (!(error instanceof MarkerSyntaxError)) return error;
  const [start, end] = error.span;
  return new PyvendorError(code, `Invalid ${what} ${JSON.stringify(error.source)}: ${error.message} (at column ${start + 1})`, {
    data: { text: error.source, position: start, span: [start, end], reason: error.message },
  });
}

/**
 * Parses a marker like packaging's `Marker(text)`: variables, quoted strings (Python escapes),
 * all operators, and/or, parentheses; `extra` values normalized at the top level.
 * Throws E_INVALID_MARKER with the position of the problem.
 */
export function parseMarker(text: string): Marker {
  try {
    return normalizeExtraComparisons(parseFullMarker(createTokenizer(text)));
  } catch (error: unknown) {
    throw syntaxErrorToPyvendor(error, "E_INVALID_MARKER", "marker");
  }
}

function formatOperand(operand: MarkerOperand): string {
  return operand.type === "value" ? `"${operand.value}"` : operand.name;
}

function formatNode(node: MarkerExpression | MarkerComparison | "and" | "or", first: boolean): string {
  if (typeof node === "string") return node;
  if (node.type === "comparison") return `${formatOperand(node.left)} ${node.op} ${formatOperand(node.right)}`;
  // A group holding one atom prints that atom alone (packaging drops such parentheses).
  const [only] = node.items;
  if (node.items.length === 1 && only !== undefined && typeof only !== "string") return formatNode(only, true);
  const inner = node.items.map((item) => formatNode(item, false)).join(" ");
  return first ? inner : `(${inner})`;
}

/**
 * The marker as packaging's `str(Marker)` prints it: double-quoted values, single spaces,
 * parentheses kept around groups of several atoms. Parsing the output gives an equal marker,
 * except where packaging's own printing loses parentheses (a group around a single group).
 */
export function markerToString(marker: Marker): string {
  return formatNode(marker, true);
}
