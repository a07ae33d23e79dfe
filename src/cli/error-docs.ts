// Renders the error table (src/error-codes.ts) as docs/errors.md.
import { ERROR_CODES } from "../error-codes.js";

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The Markdown of docs/errors.md: one row per code, in table order. */
export function renderErrorDocs(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, info]) => `| \`${code}\` | ${info.exit} | ${escapeCell(info.summary)} | ${escapeCell(info.hint)} |`,
  );
  return [
    "# pyvendor error codes",
    "",
    "Every failure pyvendor reports has a stable code. The CLI prints it as",
    "`error: <message> [<code>]`, then `hint:` and the `caused by:` chain, and exits with the",
    "status below (0 success, 1 a problem with the input or the environment, 2 unexpected,",
    "130 interrupted by Ctrl-C or SIGINT, 143 by SIGTERM: 128 + the signal, as shells report it).",
    "With `--json` the same code is in the document's `error.code`.",
    "",
    "This file is generated from `src/error-codes.ts` (`npm run docs:errors`); a test keeps it current.",
    "",
    "| code | exit | meaning | hint |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
