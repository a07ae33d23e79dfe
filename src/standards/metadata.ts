// Core metadata (PKG-INFO / METADATA, versions 1.0-2.4) and the wheel's WHEEL file.
import { PyvendorError } from "../errors.js";
import { normalizeName } from "./names.js";
import { headerValues, parseRfc822, unfold, type Rfc822Message } from "./rfc822.js";

/** The fields pyvendor uses, plus every header as written. */
export interface CoreMetadata {
  metadataVersion: string;
  /** The project name as written. */
  name: string;
  /** The version as written (old sdists may carry versions that are not PEP 440). */
  version: string;
  summary?: string;
  /** From the message body (metadata 2.1+), else from the Description header (de-indented). */
  description?: string;
  descriptionContentType?: string;
  /** Requirement strings as written, one per Requires-Dist header (parse with parseRequirement). */
  requiresDist: string[];
  requiresPython?: string;
  /** Extra names, normalized (PEP 685). */
  providesExtra: string[];
  /** Fields the sdist declares as dynamic (metadata 2.2+), as written. */
  dynamic: string[];
  /** Every header: lower-cased name → values in file order (continuation lines kept, as Python's email parser keeps them). */
  headers: Record<string, string[]>;
}

function invalid(message: string): PyvendorError {
  return new PyvendorError("E_INVALID_METADATA", message);
}

function single(message: Rfc822Message, field: string, kind: string): string | undefined {
  const values = headerValues(message, field);
  if (values.length > 1) throw invalid(`${kind} has ${values.length} ${field} fields; it may have one`);
  const [value] = values;
  return value === undefined ? undefined : unfold(value).trim();
}

function required(message: Rfc822Message, field: string, kind: string): string {
  const value = single(message, field, kind);
  if (!value) throw invalid(`${kind} has no ${field} field`);
  return value;
}

function headerMap(message: Rfc822Message): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [name, value] of message.headers) (map[name.toLowerCase()] ??= []).push(value);
  return map;
}

// A Description header continues over lines indented by 7 spaces and "|" (or 8 spaces).
function headerDescription(value: string): string {
  const [first = "", ...rest] = value.split(/\r\n|\r|\n/);
  return [first, ...rest.map((line) => line.replace(/^ {7}\|/, "").replace(/^ {8}/, ""))].join("\n");
}

/**
 * Parses PKG-INFO / METADATA text (RFC 822 headers, description in the body). Throws
 * E_INVALID_METADATA when Metadata-Version, Name or Version is missing or given twice.
 */
export function parseCoreMetadata(text: string): CoreMetadata {
  const message = parseRfc822(text);
  const kind = "The metadata";
  const metadata: CoreMetadata = {
    metadataVersion: required(message, "Metadata-Version", kind),
    name: required(message, "Name", kind),
    version: required(message, "Version", kind),
    requiresDist: headerValues(message, "Requires-Dist").map((v) => unfold(v).trim()),
    providesExtra: headerValues(message, "Provides-Extra").map((v) => normalizeName(unfold(v).trim())),
    dynamic: headerValues(message, "Dynamic").map((v) => unfold(v).trim()),
    headers: headerMap(message),
  };
  const optional: [keyof CoreMetadata, string][] = [
    ["summary", "Summary"],
    ["requiresPython", "Requires-Python"],
    ["descriptionContentType", "Description-Content-Type"],
  ];
  for (const [key, field] of optional) {
    const value = single(message, field, kind);
    if (value !== undefined) (metadata as unknown as Record<string, string>)[key] = value;
  }
  const [header] = headerValues(message, "Description");
  if (message.body.trim() !== "") metadata.description = message.body;
  else if (header !== undefined) metadata.description = headerDescription(header);
  return metadata;
}

/** A wheel's .dist-info/WHEEL file. */
export interface WheelInfo {
  wheelVersion: string;
  rootIsPurelib: boolean;
  /** Tag lines, lower-cased (one expanded tag each, e.g. "cp311-cp311-linux_x86_64"); may be empty. */
  tags: string[];
  build?: string;
  generator?: string;
}

/**
 * Parses a WHEEL file. Throws E_INVALID_METADATA when Wheel-Version ("major.minor") or
 * Root-Is-Purelib ("true"/"false") is missing or malformed. Tag lines are optional.
 */
export function parseWheelInfo(text: string): WheelInfo {
  const message = parseRfc822(text);
  const kind = "The WHEEL file";
  const wheelVersion = required(message, "Wheel-Version", kind);
  if (!/^\d+\.\d+$/.test(wheelVersion)) throw invalid(`${kind} has an invalid Wheel-Version ${JSON.stringify(wheelVersion)}`);
  const purelib = required(message, "Root-Is-Purelib", kind).toLowerCase();
  if (purelib !== "true" && purelib !== "false") {
    throw invalid(`${kind} has Root-Is-Purelib ${JSON.stringify(purelib)}; it must be true or false`);
  }
  // No Tag is valid: the file name's tags are the ones installers use (pip and uv too).
  const tags = headerValues(message, "Tag").map((t) => unfold(t).trim().toLowerCase());
  const info: WheelInfo = { wheelVersion, rootIsPurelib: purelib === "true", tags };
  const build = single(message, "Build", kind);
  if (build !== undefined) info.build = build;
  const generator = single(message, "Generator", kind);
  if (generator !== undefined) info.generator = generator;
  return info;
}
