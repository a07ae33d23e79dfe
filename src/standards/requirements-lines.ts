// pip's line preprocessing of requirements files: continuations, comments, ${VAR}, args/options.
import { PY_SPACE, pySplitLines, pyStrip } from "./py-text.js";

/** One logical line: its text after preprocessing and the number of its first physical line. */
export interface LogicalLine {
  line: number;
  text: string;
}

// A comment starts at "#" at the start of the line or after whitespace (so URL fragments survive).
const COMMENT_LINE_RE = new RegExp(`^(?:${PY_SPACE}+)?#`);
const COMMENT_RE = new RegExp(`(?:^|${PY_SPACE}+)#[^\\n]*$`);
const ENV_VAR_RE = /\$\{([A-Z0-9_]+)\}/g;

function stripBackslashes(text: string): string {
  return text.replace(/^\\+/, "").replace(/\\+$/, "");
}

/** Joins lines ending in "\" with the next; a comment line ends a continuation (pip's join_lines). */
function joinLines(lines: string[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let first = 0;
  lines.forEach((raw, index) => {
    let text = raw;
    const isComment = COMMENT_LINE_RE.test(text);
    if (!text.endsWith("\\") || isComment) {
      if (isComment) text = ` ${text}`;
      if (pending.length > 0) {
        pending.push(text);
        out.push({ line: first, text: pending.join("") });
        pending = [];
      } else {
        out.push({ line: index + 1, text });
      }
    } else {
      if (pending.length === 0) first = index + 1;
      pending.push(stripBackslashes(text));
    }
  });
  if (pending.length > 0) out.push({ line: first, text: pending.join("") });
  return out;
}

/**
 * ${NAME} (upper case, digits, "_") is replaced by the variable's value; unset or empty
 * variables leave the text as written (pip's expand_env_variables).
 */
export function expandVariables(text: string, env: Record<string, string | undefined>): string {
  let result = text;
  for (const match of text.matchAll(ENV_VAR_RE)) {
    const value = env[match[1] as string];
    if (value) result = result.split(match[0]).join(value);
  }
  return result;
}

/**
 * The logical lines of a requirements file as pip reads them: split into lines, continuation
 * lines joined, comments removed, blank lines dropped, surrounding whitespace stripped, and
 * ${VAR} references expanded from `env`.
 */
export function preprocessRequirements(content: string, env: Record<string, string | undefined> = {}): LogicalLine[] {
  const text = content.startsWith("\ufeff") ? content.slice(1) : content;
  const out: LogicalLine[] = [];
  for (const { line, text: joined } of joinLines(pySplitLines(text))) {
    const stripped = pyStrip(joined.replace(COMMENT_RE, ""));
    if (stripped) out.push({ line, text: expandVariables(stripped, env) });
  }
  return out;
}

/**
 * Splits a logical line on single spaces: words before the first word starting with "-" are the
 * requirement ("args"), the rest are options (pip's break_args_options; markers stay intact).
 */
export function breakArgsOptions(text: string): { args: string; options: string } {
  const tokens = text.split(" ");
  const firstOption = tokens.findIndex((token) => token.startsWith("-"));
  const split = firstOption < 0 ? tokens.length : firstOption;
  return { args: tokens.slice(0, split).join(" "), options: tokens.slice(split).join(" ") };
}
