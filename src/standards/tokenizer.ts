// Context-sensitive tokens of PEP 508 dependency specifiers and markers (packaging's rules).
import { PY_BOUNDARY as B } from "./py-text.js";
import { SPECIFIER_PATTERN } from "./specifier.js";

const VARIABLES = [
  "python_version", "python_full_version", "os[._]name", "sys[._]platform", "platform_(?:release|system)",
  "platform[._](?:version|machine|python_implementation)", "python_implementation", "implementation_(?:name|version)",
  "extras?", "dependency_groups",
].join("|");

// Each rule matches at the current position only (sticky). `\b` is Python's Unicode boundary.
const RULES = {
  LEFT_PARENTHESIS: /\(/y,
  RIGHT_PARENTHESIS: /\)/y,
  LEFT_BRACKET: /\[/y,
  RIGHT_BRACKET: /\]/y,
  SEMICOLON: /;/y,
  COMMA: /,/y,
  QUOTED_STRING: /'[^']*'|"[^"]*"/y,
  OP: /===|==|~=|!=|<=|>=|<|>/y,
  BOOLOP: new RegExp(`${B}(?:or|and)${B}`, "uy"),
  IN: new RegExp(`${B}in${B}`, "uy"),
  NOT: new RegExp(`${B}not${B}`, "uy"),
  VARIABLE: new RegExp(`${B}(?:${VARIABLES})${B}`, "uy"),
  SPECIFIER: new RegExp(`(?:${SPECIFIER_PATTERN})`, "iy"),
  AT: /@/y,
  URL: /[^ \t]+/y,
  IDENTIFIER: new RegExp(`${B}[a-zA-Z0-9][a-zA-Z0-9._-]*${B}`, "uy"),
  VERSION_PREFIX_TRAIL: /\.\*/y,
  VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y,
  WS: /[ \t]+/y,
} as const;

/** A token name: one of the rules, or END (end of input, or before a final "\n", like Python's `$`). */
export type TokenName = keyof typeof RULES | "END";

export interface Token {
  name: TokenName;
  text: string;
  position: number;
}

/** A syntax error with packaging's message and the [start, end) span it points at. */
export class MarkerSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly span: [number, number],
  ) {
    super(message);
    this.name = "MarkerSyntaxError";
  }
}

/** A cursor over `source`; methods mirror packaging's Tokenizer (check/consume/expect/read). */
export interface Tokenizer {
  readonly source: string;
  position: number;
  /** True when the next token is `name`; unless `peek`, it becomes the token `read()` returns. */
  check(name: TokenName, peek?: boolean): boolean;
  /** Reads the token `check` found. */
  read(): Token;
  /** Reads `name` if it is next. */
  consume(name: TokenName): void;
  /** Reads `name` or throws "Expected <expected>". */
  expect(name: TokenName, expected: string): Token;
  /** Throws a MarkerSyntaxError at the current position (or the given span). */
  fail(message: string, spanStart?: number, spanEnd?: number): never;
}

function matchAt(name: TokenName, source: string, position: number): string | undefined {
  if (name === "END") {
    const atEnd = position === source.length || (position === source.length - 1 && source[position] === "\n");
    return atEnd ? "" : undefined;
  }
  const rule = RULES[name];
  rule.lastIndex = position;
  return rule.exec(source)?.[0];
}

/** Makes a tokenizer over `source`, starting at position 0. */
export function createTokenizer(source: string): Tokenizer {
  let next: Token | undefined;
  const tokenizer: Tokenizer = {
    source,
    position: 0,
    check(name, peek = false) {
      if (next !== undefined) throw new Error(`cannot check ${name}: ${next.name} not read`);
      const text = matchAt(name, source, tokenizer.position);
      if (text === undefined) return false;
      if (!peek) next = { name, text, position: tokenizer.position };
      return true;
    },
    read() {
      const token = next;
      if (token === undefined) throw new Error("read() without a successful check()");
      tokenizer.position += token.text.length;
      next = undefined;
      return token;
    },
    consume(name) {
      if (tokenizer.check(name)) tokenizer.read();
    },
    expect(name, expected) {
      if (!tokenizer.check(name)) tokenizer.fail(`Expected ${expected}`);
      return tokenizer.read();
    },
    fail(message, spanStart, spanEnd) {
      throw new MarkerSyntaxError(message, source, [spanStart ?? tokenizer.position, spanEnd ?? tokenizer.position]);
    },
  };
  return tokenizer;
}

/**
 * Parses `open ... close` around `body` when the next token is `open` (else just `body`), failing
 * with packaging's "Expected matching X for Y, after Z" when the closing token is missing.
 */
export function enclosed<T>(tokenizer: Tokenizer, open: TokenName, close: TokenName, around: string, body: () => T): T {
  let openPosition: number | undefined;
  if (tokenizer.check(open)) {
    openPosition = tokenizer.position;
    tokenizer.read();
  }
  const result = body();
  if (openPosition === undefined) return result;
  if (!tokenizer.check(close)) {
    tokenizer.fail(`Expected matching ${close} for ${open}, after ${around}`, openPosition);
  }
  tokenizer.read();
  return result;
}
