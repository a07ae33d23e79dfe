// PyvendorError: the one error class for failures a user can cause, with a stable code.
import { ERROR_CODES, type ErrorCode } from "./error-codes.js";

export { ERROR_CODES, type ErrorCode } from "./error-codes.js";

export interface PyvendorErrorOptions {
  /** What the user can do about it; defaults to the code's hint in the table. */
  hint?: string;
  /** The lower-level failure that led here (any value; printed as "caused by:"). */
  cause?: unknown;
  /** Structured facts for machines (`--json`), e.g. `{ expected, actual }`. Never secrets. */
  data?: Record<string, unknown>;
}

/**
 * A failure the user can cause or fix. `code` is stable and listed in ERROR_CODES (and in
 * docs/errors.md); `message` is one line; `hint` says what to do. Programmer errors stay `Error`.
 */
export class PyvendorError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: PyvendorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PyvendorError";
    this.code = code;
    this.hint = options.hint ?? ERROR_CODES[code].hint;
    this.data = options.data ?? {};
  }

  /** The exit status the CLI uses for this error (from the table). */
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

/** True when `err` is a PyvendorError, optionally with the given code. */
export function isPyvendorError(err: unknown, code?: ErrorCode): err is PyvendorError {
  return err instanceof PyvendorError && (code === undefined || err.code === code);
}

/** True when `err` is a Node.js system error with the given `code` (e.g. "ENOENT"). */
export function isErrno(err: unknown, code: string): err is NodeJS.ErrnoException {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
