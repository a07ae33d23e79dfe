// Reads a wheel's .dist-info/METADATA text straight from the zip, without unpacking the wheel.
import yauzl from "yauzl";
import { PyvendorError } from "../errors.js";

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip)));
  });
}

/**
 * The METADATA of the wheel at `file` (the `*.dist-info/METADATA` at the archive root).
 * Throws E_WHEEL_INVALID when the file is not a zip or has no METADATA.
 */
export async function readWheelMetadata(file: string): Promise<string> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err: unknown) {
    throw new PyvendorError("E_WHEEL_INVALID", `${file} is not a valid wheel (zip) file`, { cause: err });
  }
  try {
    return await new Promise<string>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!/^[^/]+\.dist-info\/METADATA$/.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        });
      });
      zip.on("end", () => reject(new PyvendorError("E_WHEEL_INVALID", `${file} has no .dist-info/METADATA`)));
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (err: unknown) {
    if (err instanceof PyvendorError) throw err;
    throw new PyvendorError("E_WHEEL_INVALID", `Could not read METADATA from ${file}`, { cause: err });
  } finally {
    zip.close();
  }
}
