// Email-header style metadata files of a wheel: WHEEL and METADATA (core metadata), pure parsing.
// TODO(standards): replace the METADATA part with src/standards/core-metadata.ts when merged.
import { PyvendorError } from "../errors.js";

/** Header fields, keys lower-cased, values in file order (multi-use fields keep every value). */
export type Headers = Map<string, string[]>;

/** Parses RFC 822 style headers up to the first blank line; continuation lines are joined. */
export function parseHeaders(text: string): Headers {
  const out: Headers = new Map();
  let last: { key: string; index: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === "") break;
    if (/^[ \t]/.test(line) && last) {
      const values = out.get(last.key) as string[];
      values[last.index] = `${values[last.index]}\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = out.get(key) ?? [];
    values.push(value);
    out.set(key, values);
    last = { key, index: values.length - 1 };
  }
  return out;
}

/** The first value of `key`, if any. */
export function header(headers: Headers, key: string): string | undefined {
  return headers.get(key.toLowerCase())?.[0];
}

export interface WheelInfo {
  wheelVersion: [number, number];
  rootIsPurelib: boolean;
  tags: string[];
}

/**
 * Parses a WHEEL file. Refuses a Wheel-Version whose major is not 1 (the spec says an installer
 * must fail on a major version it does not know). Throws E_WHEEL_INVALID.
 */
export function parseWheelFile(text: string, where: string): WheelInfo {
  const h = parseHeaders(text);
  const version = header(h, "Wheel-Version");
  const m = version ? /^(\d+)\.(\d+)$/.exec(version) : null;
  if (!m) throw new PyvendorError("E_WHEEL_INVALID", `${where}: WHEEL has no valid Wheel-Version`);
  const wheelVersion: [number, number] = [Number(m[1]), Number(m[2])];
  if (wheelVersion[0] !== 1) {
    throw new PyvendorError("E_WHEEL_INVALID", `${where}: Wheel-Version ${version} is not supported (1.x is)`);
  }
  const root = header(h, "Root-Is-Purelib");
  if (root === undefined) throw new PyvendorError("E_WHEEL_INVALID", `${where}: WHEEL has no Root-Is-Purelib`);
  return { wheelVersion, rootIsPurelib: root.toLowerCase() === "true", tags: h.get("tag") ?? [] };
}

export interface CoreMetadata {
  name: string;
  version: string;
  requiresDist: string[];
  providesExtra: string[];
  requiresPython?: string;
}

/** The fields of METADATA the installer and the checks use. Throws E_INVALID_METADATA. */
export function parseCoreMetadata(text: string, where: string): CoreMetadata {
  const h = parseHeaders(text);
  const name = header(h, "Name");
  const version = header(h, "Version");
  if (!name || !version) throw new PyvendorError("E_INVALID_METADATA", `${where}: METADATA lacks Name or Version`);
  const requiresPython = header(h, "Requires-Python");
  return {
    name,
    version,
    requiresDist: h.get("requires-dist") ?? [],
    providesExtra: h.get("provides-extra") ?? [],
    ...(requiresPython ? { requiresPython } : {}),
  };
}
