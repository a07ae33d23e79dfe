// The wheel's WHEEL and METADATA files, parsed by src/standards with the wheel named in errors.
import { PyvendorError } from "../errors.js";
import { parseCoreMetadata as parseStandardMetadata, parseWheelInfo, type CoreMetadata, type WheelInfo } from "../standards/metadata.js";

export type { CoreMetadata, WheelInfo };

function rethrow(err: unknown, code: "E_WHEEL_INVALID" | "E_INVALID_METADATA", where: string): never {
  if (err instanceof PyvendorError) throw new PyvendorError(code, `${where}: ${err.message}`, { cause: err.cause });
  throw err;
}

/** Parses a wheel's WHEEL file. Throws E_WHEEL_INVALID naming `where`. */
export function parseWheelFile(text: string, where: string): WheelInfo {
  try {
    return parseWheelInfo(text);
  } catch (err: unknown) {
    return rethrow(err, "E_WHEEL_INVALID", where);
  }
}

/** Parses METADATA. Throws E_INVALID_METADATA naming `where`. */
export function parseCoreMetadata(text: string, where: string): CoreMetadata {
  try {
    return parseStandardMetadata(text);
  } catch (err: unknown) {
    return rethrow(err, "E_INVALID_METADATA", where);
  }
}
