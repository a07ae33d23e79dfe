// Turns any thrown value into the CLI's error text (error / hint / caused by) and exit status.
import { ERROR_CODES, PyvendorError } from "../errors.js";

/** What the CLI prints and returns for a failure. */
export interface RenderedError {
  code: string;
  message: string;
  hint?: string;
  causes: string[];
  data?: Record<string, unknown>;
  exit: number;
}

function causeChain(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err instanceof Error ? err.cause : undefined;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof PyvendorError) out.push(`${current.message} [${current.code}]`);
    else if (current instanceof Error) {
      const code = (current as NodeJS.ErrnoException).code;
      out.push(code && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    } else out.push(String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

/** PyvendorErrors keep their code; anything else is E_INTERNAL (exit 2). */
export function renderError(err: unknown): RenderedError {
  if (err instanceof PyvendorError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      causes: causeChain(err),
      ...(Object.keys(err.data).length ? { data: err.data } : {}),
      exit: ERROR_CODES[err.code].exit,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: "E_INTERNAL",
    message: `unexpected error: ${message}`,
    hint: ERROR_CODES.E_INTERNAL.hint,
    causes: causeChain(err),
    exit: ERROR_CODES.E_INTERNAL.exit,
  };
}

/** The lines printed on stderr for an error. `stack` adds the stack of unexpected errors. */
export function formatError(rendered: RenderedError, options: { color: boolean; stack?: string }): string[] {
  const red = (s: string) => (options.color ? `\u001b[31;1m${s}\u001b[0m` : s);
  const cyan = (s: string) => (options.color ? `\u001b[36m${s}\u001b[0m` : s);
  const [first = "", ...rest] = rendered.message.split("\n");
  const lines = [`${red("error:")} ${first} [${rendered.code}]`, ...rest.map((l) => `  ${l}`)];
  if (rendered.hint) lines.push(`${cyan("hint:")} ${rendered.hint}`);
  for (const cause of rendered.causes) {
    const [head = "", ...tail] = cause.split("\n");
    lines.push(`caused by: ${head}`, ...tail.map((l) => `  ${l}`));
  }
  if (options.stack) lines.push(options.stack);
  return lines;
}
