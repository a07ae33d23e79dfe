// Recursive-descent grammar of PEP 508 environment markers, on the shared tokenizer.
import type { MarkerComparison, MarkerExpression, MarkerOperand, MarkerOperator } from "./markers.js";
import { PythonLiteralError, evalPythonString } from "./python-literal.js";
import { enclosed, type Tokenizer } from "./tokenizer.js";

/** marker = marker_atom (BOOLOP marker_atom)* */
export function parseMarkerExpression(tokenizer: Tokenizer): MarkerExpression {
  const items: MarkerExpression["items"] = [parseAtom(tokenizer)];
  while (tokenizer.check("BOOLOP")) {
    items.push(tokenizer.read().text as "and" | "or");
    items.push(parseAtom(tokenizer));
  }
  return { type: "expression", items };
}

/** A whole marker: the expression, then the end of input. */
export function parseFullMarker(tokenizer: Tokenizer): MarkerExpression {
  const marker = parseMarkerExpression(tokenizer);
  tokenizer.expect("END", "end of marker expression");
  return marker;
}

// marker_atom = WS? "(" WS? marker WS? ")" WS? | WS? marker_item WS?
function parseAtom(tokenizer: Tokenizer): MarkerComparison | MarkerExpression {
  tokenizer.consume("WS");
  let atom: MarkerComparison | MarkerExpression;
  if (tokenizer.check("LEFT_PARENTHESIS", true)) {
    atom = enclosed(tokenizer, "LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "marker expression", () => {
      tokenizer.consume("WS");
      const inner = parseMarkerExpression(tokenizer);
      tokenizer.consume("WS");
      return inner;
    });
  } else {
    atom = parseItem(tokenizer);
  }
  tokenizer.consume("WS");
  return atom;
}

// marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
function parseItem(tokenizer: Tokenizer): MarkerComparison {
  tokenizer.consume("WS");
  const left = parseOperand(tokenizer);
  tokenizer.consume("WS");
  const op = parseOperator(tokenizer);
  tokenizer.consume("WS");
  const right = parseOperand(tokenizer);
  tokenizer.consume("WS");
  return { type: "comparison", left, op, right };
}

function variableName(text: string): string {
  const name = text.replace(/\./g, "_");
  return name === "python_implementation" ? "platform_python_implementation" : name;
}

function parseOperand(tokenizer: Tokenizer): MarkerOperand {
  if (tokenizer.check("VARIABLE")) return { type: "variable", name: variableName(tokenizer.read().text) };
  if (tokenizer.check("QUOTED_STRING")) {
    const token = tokenizer.read();
    try {
      return { type: "value", value: evalPythonString(token.text) };
    } catch (error: unknown) {
      if (!(error instanceof PythonLiteralError)) throw error;
      tokenizer.fail(`Invalid string literal: ${error.message}`, token.position, token.position + token.text.length);
    }
  }
  return tokenizer.fail("Expected a marker variable or quoted string");
}

function parseOperator(tokenizer: Tokenizer): MarkerOperator {
  if (tokenizer.check("IN")) {
    tokenizer.read();
    return "in";
  }
  if (tokenizer.check("NOT")) {
    tokenizer.read();
    tokenizer.expect("WS", "whitespace after 'not'");
    tokenizer.expect("IN", "'in' after 'not'");
    return "not in";
  }
  if (tokenizer.check("OP")) return tokenizer.read().text as MarkerOperator;
  return tokenizer.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}
