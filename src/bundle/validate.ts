// Reads manifest.json safely: JSON, format version, safe names, the JSON schema (ajv, lazy), id.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as AjvModule from "ajv/dist/2020.js";
import { PyvendorError } from "../errors.js";
import { packageRoot } from "../package-root.js";
import { assertSafeName, SOURCES_DIR } from "./layout.js";
import { computeBundleId, MANIFEST_FORMAT, type Manifest } from "./manifest.js";
import { normalizeProjectName, parseWheelName } from "./wheel-name.js";

/** Where the schema lives: schemas/ at the package root (shipped next to dist/). */
export const MANIFEST_SCHEMA_PATH = path.join(packageRoot(), "schemas", "manifest.schema.json");

export interface ParseManifestOptions {
  /** Check that `id` matches the contents (default true). verifyBundle reports it itself. */
  checkId?: boolean;
}

type Validator = AjvModule.ValidateFunction;
const validators: { strict?: Validator; lenient?: Validator } = {};

/** The manifest schema as a plain object (read from disk on each call). */
export function loadManifestSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
}

/** A copy of the schema that tolerates unknown keys (newer minor formats may add fields). */
function withoutClosedObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutClosedObjects);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "additionalProperties" && value === false) continue;
    out[key] = withoutClosedObjects(value);
  }
  return out;
}

/**
 * The validator, loaded on first use only: start-up of commands that never read a manifest pays
 * nothing. The build precompiles the schema (scripts/compile-schema.js → manifest-validators.cjs,
 * ajv standalone code), which loads in ~1 ms; without it the schema is compiled here.
 */
function validator(kind: "strict" | "lenient"): Validator {
  const cached = validators[kind];
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  try {
    const precompiled = require(path.join(packageRoot(), "dist", "src", "bundle", "manifest-validators.cjs")) as Record<"strict" | "lenient", Validator>;
    validators.strict = precompiled.strict;
    validators.lenient = precompiled.lenient;
    return precompiled[kind];
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
  }
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof AjvModule;
  const ajv = new Ajv2020({ allErrors: false, allowUnionTypes: true, strict: true });
  const schema = loadManifestSchema();
  const compiled = ajv.compile(kind === "strict" ? schema : (withoutClosedObjects(schema) as object));
  validators[kind] = compiled;
  return compiled;
}

function invalid(source: string, pointer: string, problem: string): PyvendorError {
  return new PyvendorError("E_MANIFEST_INVALID", `${source}: manifest ${pointer || "/"} ${problem}`, {
    data: { source, path: pointer },
  });
}

/** Refuses majors it does not know; returns true when the minor is newer than ours (lenient read). */
function checkFormat(data: unknown, source: string): boolean {
  const format = (data as { format?: unknown } | null)?.format;
  const m = typeof format === "string" ? /^(\d+)\.(\d+)\.(\d+)$/.exec(format) : null;
  if (!m) return false; // the schema reports it
  const [ourMajor, ourMinor] = MANIFEST_FORMAT.split(".").map(Number) as [number, number];
  if (Number(m[1]) !== ourMajor) {
    throw new PyvendorError(
      "E_MANIFEST_UNSUPPORTED_FORMAT",
      `${source}: bundle format ${String(format)} is not supported (this pyvendor reads ${ourMajor}.x)`,
      { data: { source, format, supported: `${ourMajor}.x` } },
    );
  }
  return Number(m[2]) > ourMinor;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Names that become paths are checked before the schema, so a hostile name gets E_UNSAFE_PATH. */
function checkNames(data: unknown, source: string): void {
  asArray(asRecord(data).packages).forEach((raw, i) => {
    const pkg = asRecord(raw);
    if (typeof pkg.name === "string") assertSafeName(pkg.name, `/packages/${i}/name`, source);
    asArray(pkg.wheels).forEach((w, j) => {
      const filename = asRecord(w).filename;
      if (typeof filename === "string") assertSafeName(filename, `/packages/${i}/wheels/${j}/filename`, source);
    });
    const src = asRecord(pkg.source);
    if (typeof src.filename === "string") assertSafeName(src.filename, `/packages/${i}/source/filename`, source);
    if (typeof src.path === "string") {
      const prefix = `${SOURCES_DIR}/`;
      const rest = src.path.startsWith(prefix) ? src.path.slice(prefix.length) : src.path;
      assertSafeName(rest, `/packages/${i}/source/path`, source);
    }
  });
}

/** Cross-references the schema cannot express. */
function checkConsistency(m: Manifest, source: string): void {
  const targetIds = new Set<string>();
  m.targets.forEach((t, i) => {
    if (targetIds.has(t.id)) throw invalid(source, `/targets/${i}/id`, `repeats target ${t.id}`);
    targetIds.add(t.id);
  });
  m.resolution?.targets.forEach((t, k) => {
    if (!targetIds.has(t)) throw invalid(source, `/resolution/targets/${k}`, `names unknown target ${t}`);
  });
  const names = new Set<string>();
  const files = new Set<string>();
  m.packages.forEach((pkg, i) => {
    const at = `/packages/${i}`;
    if (names.has(pkg.name)) throw invalid(source, `${at}/name`, `repeats package ${pkg.name}`);
    names.add(pkg.name);
    pkg.targets.forEach((t, k) => {
      if (!targetIds.has(t)) throw invalid(source, `${at}/targets/${k}`, `names unknown target ${t}`);
    });
    pkg.wheels.forEach((wheel, j) => {
      const wat = `${at}/wheels/${j}`;
      const parsed = parseWheelName(wheel.filename);
      if (!parsed) throw invalid(source, `${wat}/filename`, `is not a wheel filename`);
      if (normalizeProjectName(parsed.project) !== pkg.name) {
        throw invalid(source, `${wat}/filename`, `is a wheel of ${parsed.project}, not of ${pkg.name}`);
      }
      if (files.has(wheel.filename)) throw invalid(source, `${wat}/filename`, `repeats ${wheel.filename}`);
      files.add(wheel.filename);
      wheel.targets.forEach((t, k) => {
        if (!targetIds.has(t)) throw invalid(source, `${wat}/targets/${k}`, `names unknown target ${t}`);
      });
    });
    if (pkg.source?.path !== undefined && pkg.source.path !== `${SOURCES_DIR}/${pkg.source.filename}`) {
      throw invalid(source, `${at}/source/path`, `must be ${SOURCES_DIR}/${pkg.source.filename}`);
    }
  });
}

/**
 * Validates an already-parsed manifest. Throws, in this order: E_MANIFEST_UNSUPPORTED_FORMAT
 * (unknown major), E_UNSAFE_PATH (a name with /, \, .. or NUL), E_MANIFEST_INVALID (schema or
 * cross-reference problem; `data.path` is the JSON pointer of the first one), E_BUNDLE_ID_MISMATCH
 * (`data.expected` = the id written, `data.actual` = the id of the contents).
 * A newer minor format is accepted, unknown keys included.
 */
export function validateManifest(data: unknown, source: string, options: ParseManifestOptions = {}): Manifest {
  const newerMinor = checkFormat(data, source);
  checkNames(data, source);
  const validate = validator(newerMinor ? "lenient" : "strict");
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const extra = first?.keyword === "additionalProperties" ? ` (${String(first.params.additionalProperty)})` : "";
    throw invalid(source, first?.instancePath ?? "", `${first?.message ?? "is not valid"}${extra}`);
  }
  const manifest = data as Manifest;
  checkConsistency(manifest, source);
  if (options.checkId !== false) {
    const actual = computeBundleId(manifest);
    if (actual !== manifest.id) {
      throw new PyvendorError("E_BUNDLE_ID_MISMATCH", `${source}: id ${manifest.id} does not match the contents (${actual})`, {
        data: { source, expected: manifest.id, actual },
      });
    }
  }
  return manifest;
}

/** JSON-parses and validates manifest.json text (see validateManifest for what is thrown). */
export function parseManifest(text: string, source: string, options: ParseManifestOptions = {}): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err: unknown) {
    throw new PyvendorError("E_MANIFEST_INVALID", `${source}: manifest.json is not valid JSON`, {
      cause: err,
      data: { source, path: "" },
    });
  }
  return validateManifest(data, source, options);
}
