// Parsers for option values (repeatable lists, counts, durations), with commander's error type.
import { InvalidArgumentError } from "commander";

/** Collects a repeatable option's values: `.option("--x <v>", "...", collect, [])`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses a non-negative number option (seconds, counts). */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === "") {
    throw new InvalidArgumentError(`expected a non-negative number, got "${value}"`);
  }
  return n;
}

/** Parses a positive integer option or throws commander's error text. */
export function positiveInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 1 || String(n) !== value.trim()) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return n;
}
