// A wheel's name and version agree in its file name, its .dist-info directory and its METADATA (pure).
import { PyvendorError } from "../errors.js";
import { isValidProjectName, normalizeName } from "../standards/names.js";
import { compareParsed, parseVersion } from "../standards/pep440.js";
import { parseWheelFilename } from "../standards/tags.js";

export interface WheelIdentity {
  /** The wheel's file name (its project name and version are the reference). */
  filename: string;
  /** The `.dist-info` directory at the archive root. */
  distInfo: string;
  /** METADATA's Name and Version, as written. */
  name: string;
  version: string;
}

/** PEP 440 equality ("1.0" == "1.0.0"), as pip compares a wheel's metadata with its file name. */
function sameVersion(written: string, reference: string): boolean {
  const a = parseVersion(written);
  const b = parseVersion(reference);
  return a !== undefined && b !== undefined && compareParsed(a, b) === 0;
}

function refuse(filename: string, message: string, data: Record<string, string>): PyvendorError {
  return new PyvendorError("E_WHEEL_INVALID", `${filename}: ${message}`, { data: { wheel: filename, ...data } });
}

/**
 * Checks, as the binary distribution format requires, that METADATA's Name is a valid project
 * name, that it and the `.dist-info` directory's name normalize to the file name's project, and
 * that METADATA's Version and the directory's version equal the file name's (PEP 440). The name
 * then is safe as a path component (pip puts headers under it). Throws E_WHEEL_INVALID.
 */
export function checkWheelIdentity(wheel: WheelIdentity): void {
  const { filename } = wheel;
  const expected = parseWheelFilename(filename);
  if (!isValidProjectName(wheel.name)) {
    throw refuse(filename, `METADATA Name ${JSON.stringify(wheel.name)} is not a valid project name`, { name: wheel.name });
  }
  if (normalizeName(wheel.name) !== expected.name) {
    throw refuse(filename, `METADATA Name ${JSON.stringify(wheel.name)} does not match the file name's project ${expected.name}`, { name: wheel.name });
  }
  if (!sameVersion(wheel.version, expected.version)) {
    throw refuse(filename, `METADATA Version ${JSON.stringify(wheel.version)} does not match the file name's version ${expected.version}`, {
      version: wheel.version,
    });
  }
  // `name-version.dist-info`; old wheels may leave `-` unescaped in either part, so any split may do.
  const stem = wheel.distInfo.slice(0, -".dist-info".length);
  let split = stem.indexOf("-");
  for (; split > 0; split = stem.indexOf("-", split + 1)) {
    if (normalizeName(stem.slice(0, split)) === expected.name && sameVersion(stem.slice(split + 1), expected.version)) return;
  }
  throw refuse(filename, `${wheel.distInfo} does not belong to ${expected.name} ${expected.version}`, { distInfo: wheel.distInfo });
}
