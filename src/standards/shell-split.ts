// Python's `shlex.split` (POSIX mode), which pip applies to the options part of a requirements line.

/** Thrown for an unterminated quote or a trailing backslash (shlex's ValueError). */
export class ShellSplitError extends Error {
  override name = "ShellSplitError";
}

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

/**
 * Splits `text` into words like `shlex.split(text)`: whitespace separates words; quotes may
 * appear inside a word and are removed; a backslash escapes any character outside quotes, only
 * `"` and `\` inside double quotes, nothing inside single quotes; `""` is an empty word.
 * Throws ShellSplitError("No closing quotation" / "No escaped character").
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\") {
        const next = text[i + 1];
        if (next === undefined) throw new ShellSplitError("No escaped character");
        word += next === '"' || next === "\\" ? next : `\\${next}`;
        i++;
      } else word += ch;
      continue;
    }
    if (WHITESPACE.has(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) throw new ShellSplitError("No escaped character");
      word += next;
      inWord = true;
      i++;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new ShellSplitError("No closing quotation");
  if (inWord) words.push(word);
  return words;
}
