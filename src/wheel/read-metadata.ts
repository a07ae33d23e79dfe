// Reads a wheel's .dist-info/METADATA text straight from the zip, without unpacking the wheel.
import { PyvendorError } from "../errors.js";
import { openZip, readEntry } from "./zip-entries.js";

/**
 * The METADATA of the wheel at `file` (the `*.dist-info/METADATA` at the archive root), read
 * through the same zip reader and checks as the installer. Throws E_WHEEL_INVALID when the file is
 * not a readable zip or has no METADATA, E_ARCHIVE_TOO_LARGE for a METADATA over 16 MiB.
 */
export async function readWheelMetadata(file: string): Promise<string> {
  const zip = await openZip(file);
  try {
    const entry = zip.entries.find((e) => !e.isDir && /^[^/]+\.dist-info\/METADATA$/.test(e.name));
    if (!entry) throw new PyvendorError("E_WHEEL_INVALID", `${file} has no .dist-info/METADATA`);
    return readEntry(zip, entry, undefined, file).toString("utf8");
  } finally {
    zip.close();
  }
}
