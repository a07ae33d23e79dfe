// Python string literals in markers: packaging reads them with `ast.literal_eval`, escapes included.

/** Thrown when Python would refuse the literal (a SyntaxError in `ast.literal_eval`). */
export class PythonLiteralError extends Error {
  override name = "PythonLiteralError";
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hexEscape(body: string, at: number, digits: number, kind: string): [string, number] {
  const hex = body.slice(at, at + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new PythonLiteralError(`truncated \\${kind} escape`);
  }
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff) throw new PythonLiteralError(`illegal Unicode character in \\${kind} escape`);
  return [String.fromCodePoint(code), at + digits];
}

/**
 * The value of a quoted Python string literal (`'...'` or `"..."`, no prefix), as
 * `ast.literal_eval` gives it: backslash escapes (\n, \x41, \u00e9, \101, ...) are decoded,
 * unknown escapes keep their backslash, and a raw line break or NUL is an error. `\N{...}`
 * (named characters) is refused, as no Unicode name table is at hand.
 */
export function evalPythonString(literal: string): string {
  const body = literal.slice(1, -1);
  if (LONE_SURROGATE_RE.test(body)) throw new PythonLiteralError("surrogates not allowed in source");
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch === "\n" || ch === "\r") throw new PythonLiteralError("unterminated string literal");
    if (ch === "\0") throw new PythonLiteralError("source code string cannot contain null bytes");
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new PythonLiteralError("unterminated string literal");
    if (next === "\0") throw new PythonLiteralError("source code string cannot contain null bytes");
    i += 2;
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === "\n") continue;
    else if (next === "\r") {
      if (body[i] === "\n") i++;
    } else if (next === "x") [out, i] = appendEscape(out, hexEscape(body, i, 2, "x"));
    else if (next === "u") [out, i] = appendEscape(out, hexEscape(body, i, 4, "u"));
    else if (next === "U") [out, i] = appendEscape(out, hexEscape(body, i, 8, "U"));
    else if (next === "N") throw new PythonLiteralError("named Unicode escapes (\\N{...}) are not supported");
    else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i] ?? "")) digits += body[i++];
      out += String.fromCodePoint(Number.parseInt(digits, 8));
    } else out += `\\${next}`;
  }
  return out;
}

function appendEscape(out: string, [text, next]: [string, number]): [string, number] {
  return [out + text, next];
}
