// Reading typed values from environment variables, with errors that name the variable.
import { PyvendorError } from "./errors.js";

/** 1/true/yes/on and 0/false/no/off (any case); undefined when unset or empty; else E_CONFIG. */
export function envBool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new PyvendorError("E_CONFIG", `${name}=${value} is not a boolean`, { hint: "Use 1/0, true/false, yes/no or on/off." });
}

/** A non-negative number times `scale`, rounded; undefined when unset or empty; else E_CONFIG. */
export function envNumber(name: string, value: string | undefined, scale = 1): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new PyvendorError("E_CONFIG", `${name}=${value} is not a non-negative number`);
  return Math.round(n * scale);
}
