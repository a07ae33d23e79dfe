// Python's string semantics that the packaging standards rely on (whitespace, strip, \w, order).
//
// The reference implementation is Python code, so "valid" and "equal" are defined by Python's
// str methods and `re` classes. These helpers reproduce them for the cases that matter.

/** The characters Python's `str.isspace()` and the `\s` regex class (str patterns) accept. */
export const PY_SPACE_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** A regex source for one Python whitespace character (`\s` of a Python str pattern). */
export const PY_SPACE = `[${PY_SPACE_CLASS}]`;

const SPACE_RE = new RegExp(`^${PY_SPACE}$`);

/** True when `ch` (one character) is whitespace for Python's `str.isspace()`. */
export function isPySpace(ch: string): boolean {
  return SPACE_RE.test(ch);
}

// Scanning by index keeps stripping linear (an anchored `\s+$` regex is quadratic on long blanks).
function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isPySpace(text[i] as string)) i++;
  return i;
}

function endOfNonSpace(text: string): number {
  let end = text.length;
  while (end > 0 && isPySpace(text[end - 1] as string)) end--;
  return end;
}

/** Python's `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  const start = firstNonSpace(text);
  return start === text.length ? "" : text.slice(start, endOfNonSpace(text));
}

/** A regex source for one Unicode word character, as `\w` in a Python str pattern. */
export const PY_WORD = "[\\p{L}\\p{N}_]";

/**
 * A regex source (needs the `u` flag) equal to Python's `\b` in a str pattern: JavaScript's own
 * `\b` only knows ASCII word characters, Python's knows every Unicode letter and digit.
 */
export const PY_BOUNDARY = `(?:(?<=${PY_WORD})(?!${PY_WORD})|(?<!${PY_WORD})(?=${PY_WORD}))`;

/** Python's `str.isdigit()` for the ASCII strings the standards produce. */
export function isAsciiDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/** Orders strings by code point, as Python's `<` on str does (JavaScript's sort uses UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const da = ca.value.codePointAt(0) ?? 0;
    const db = cb.value.codePointAt(0) ?? 0;
    if (da !== db) return da < db ? -1 : 1;
  }
}

/** Sorted (by code point) copy of `items` without duplicates: Python's `sorted(set(items))`. */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareCodePoints);
}

const LINE_BREAK_RE = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python's `str.splitlines()`: splits on every line boundary Python knows; no trailing empty line. */
export function pySplitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(LINE_BREAK_RE);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
