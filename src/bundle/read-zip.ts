// Bundle storage for a .zip: the central directory is read once, entries are opened on demand (yauzl).
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { PyvendorError } from "../errors.js";
import { asBundleError, readSmall, tooLarge, type EntryType, type RawEntry } from "./entries.js";
import { MANIFEST_FILE, normalizeEntryName } from "./layout.js";
import type { BundleStorage } from "./storage.js";

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const UNIX = 3;

const archiveInvalid = (file: string, err: unknown) => asBundleError(err, file, "zip");

/** Names are decoded from raw bytes: UTF-8 when the zip says so, else byte-for-byte (CP437's ASCII part). */
function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString("utf8") : raw.toString("latin1");
}

function typeOf(entry: yauzl.Entry, name: string): EntryType {
  const mode = entry.externalFileAttributes >>> 16;
  if (entry.versionMadeBy >> 8 === UNIX && mode !== 0) {
    const format = mode & S_IFMT;
    if (format === S_IFLNK) return "link";
    if (format === S_IFDIR) return "directory";
    if (format === S_IFREG) return name.endsWith("/") ? "directory" : "file";
    if (format !== 0) return "special";
  }
  return name.endsWith("/") ? "directory" : "file";
}

/** Opens a .zip bundle's directory (entry sizes validated, names kept as bytes for decodeName); E_ARCHIVE_INVALID or E_IO otherwise. Wheels have their own reader, wheel/zip-entries.ts. */
function openBundleZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(archiveInvalid(file, err));
      else resolve(zip);
    });
  });
}

/** Reads the central directory; stops with E_ARCHIVE_TOO_LARGE past `maxEntries`. */
function readEntries(zip: yauzl.ZipFile, file: string, maxEntries: number): Promise<yauzl.Entry[]> {
  if (zip.entryCount > maxEntries) {
    return Promise.reject(tooLarge(`${file} has ${zip.entryCount} entries (limit ${maxEntries})`, { path: file, limit: maxEntries }));
  }
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (err: unknown) => reject(archiveInvalid(file, err)));
    zip.readEntry();
  });
}

/** Opens a zip file as bundle storage; the file stays open until close(). */
export async function zipStorage(file: string, maxEntries: number): Promise<BundleStorage> {
  const zip = await openBundleZip(file);
  let entries: yauzl.Entry[];
  try {
    entries = await readEntries(zip, file, maxEntries);
  } catch (err: unknown) {
    zip.close();
    throw err;
  }
  const open = (entry: yauzl.Entry) =>
    new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) reject(archiveInvalid(file, err));
        else resolve(stream.on("error", () => {}));
      });
    });
  const raw = (entry: yauzl.Entry): RawEntry => {
    const name = decodeName(entry);
    return { name, type: typeOf(entry, name), size: entry.uncompressedSize, compressedSize: entry.compressedSize, open: () => open(entry) };
  };
  return {
    kind: "zip",
    path: file,
    async readManifest(maxBytes) {
      const entry = entries.find((e) => {
        try {
          return normalizeEntryName(decodeName(e)) === MANIFEST_FILE;
        } catch {
          return false;
        }
      });
      if (!entry) throw new PyvendorError("E_NOT_A_BUNDLE", `${file} has no ${MANIFEST_FILE}`, { data: { path: file } });
      if (entry.uncompressedSize > maxBytes) {
        throw tooLarge(`${MANIFEST_FILE} in ${file} declares ${entry.uncompressedSize} bytes`, { path: MANIFEST_FILE });
      }
      try {
        return await readSmall(await open(entry), maxBytes, MANIFEST_FILE);
      } catch (err: unknown) {
        throw archiveInvalid(file, err);
      }
    },
    async scan(visit) {
      for (const entry of entries) await visit(raw(entry));
    },
    async close() {
      zip.close();
    },
  };
}
