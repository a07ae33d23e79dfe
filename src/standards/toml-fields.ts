// Typed, located access to fields of a parsed TOML table (for validating lock files).
import { TomlDate } from "smol-toml";
import { PyvendorError } from "../errors.js";

/** A parsed TOML table. */
export type Table = Record<string, unknown>;

/** Reads fields of one table; every error names the file and the key path ("packages[2].wheels[0].hashes"). */
export interface FieldReader {
  readonly at: string;
  fail(message: string, key?: string): never;
  string(key: string): string | undefined;
  requiredString(key: string): string;
  integer(key: string): number | undefined;
  boolean(key: string): boolean | undefined;
  datetime(key: string): string | undefined;
  table(key: string): FieldReader | undefined;
  stringArray(key: string): string[] | undefined;
  tableArray(key: string): FieldReader[] | undefined;
  stringTable(key: string): Record<string, string> | undefined;
  raw(): Table;
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "datetime";
  if (isTable(value)) return "table";
  return typeof value;
}

/** A reader over `table`, found at `at` ("" for the top level) in `file`. */
export function fieldReader(table: Table, file: string, at: string): FieldReader {
  const path = (key: string) => (at ? `${at}.${key}` : key);
  const fail = (message: string, key?: string): never => {
    const where = key === undefined ? at : path(key);
    throw new PyvendorError("E_PYLOCK_INVALID", `${file}: ${where ? `${where}: ` : ""}${message}`, {
      data: { file, key: where },
    });
  };
  const typed = <T>(key: string, expected: string, check: (v: unknown) => v is T): T | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (!check(value)) fail(`expected ${expected}, found ${typeName(value)}`, key);
    return value as T;
  };
  const reader: FieldReader = {
    at,
    fail,
    string: (key) => typed(key, "a string", (v): v is string => typeof v === "string"),
    requiredString: (key) => reader.string(key) ?? fail("is required", key),
    integer: (key) => typed(key, "an integer", (v): v is number => typeof v === "number" && Number.isInteger(v)),
    boolean: (key) => typed(key, "a boolean", (v): v is boolean => typeof v === "boolean"),
    datetime: (key) => {
      const value = typed(key, "a date-time", (v): v is TomlDate => v instanceof TomlDate && v.isDateTime());
      return value?.toISOString();
    },
    table: (key) => {
      const value = typed(key, "a table", isTable);
      return value === undefined ? undefined : fieldReader(value, file, path(key));
    },
    stringArray: (key) => {
      const value = typed(key, "an array", Array.isArray);
      value?.forEach((item: unknown, i: number) => {
        if (typeof item !== "string") fail(`expected a string, found ${typeName(item)}`, `${key}[${i}]`);
      });
      return value as string[] | undefined;
    },
    tableArray: (key) => {
      const value = typed(key, "an array", Array.isArray);
      return value?.map((item: unknown, i: number) => {
        if (!isTable(item)) fail(`expected a table, found ${typeName(item)}`, `${key}[${i}]`);
        return fieldReader(item as Table, file, path(`${key}[${i}]`));
      });
    },
    stringTable: (key) => {
      const value = typed(key, "a table", isTable);
      if (value === undefined) return undefined;
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") fail(`expected a string, found ${typeName(v)}`, `${key}.${k}`);
      }
      return Object.fromEntries(Object.entries(value)) as Record<string, string>;
    },
    raw: () => table,
  };
  return reader;
}
