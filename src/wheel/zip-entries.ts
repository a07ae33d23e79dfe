// Reading a wheel's zip: the central directory as checked entries, and entry streams (yauzl).
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { PyvendorError } from "../errors.js";

/** One file or directory entry of the zip, with its name checked. */
export interface ZipEntryInfo {
  /** `/`-separated path inside the archive (directories end without the slash). */
  name: string;
  isDir: boolean;
  size: number;
  compressedSize: number;
  /** Unix permission bits from the external attributes (0 when the zip has none). */
  mode: number;
  /** A regular file with an x bit, the test pip applies (`zip_item_is_executable`). */
  executable: boolean;
  entry: yauzl.Entry;
}

export interface OpenZip {
  zip: yauzl.ZipFile;
  entries: ZipEntryInfo[];
  close(): void;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * The reason `name` may not be extracted, or undefined when it is safe: absolute paths, drive
 * letters, backslashes, NUL, empty, `.` or `..` components all write outside (or confuse) the target.
 */
export function unsafePathReason(name: string): string | undefined {
  if (name === "") return "an empty name";
  if (name.startsWith("/")) return "an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "a drive-letter path";
  if (name.includes("\\")) return "a backslash";
  if (name.includes("\0")) return "a NUL byte";
  const parts = name.split("/");
  if (parts.includes("..")) return "a `..` component";
  if (parts.some((p, i) => p === "." || (p === "" && i !== parts.length - 1))) return "an empty or `.` component";
  return undefined;
}

function checkEntry(archive: string, name: string, entry: yauzl.Entry): ZipEntryInfo {
  const reason = unsafePathReason(name);
  if (reason) {
    throw new PyvendorError("E_UNSAFE_PATH", `${archive}: entry "${name}" has ${reason}`, { data: { archive, entry: name } });
  }
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const unixMode = madeOnUnix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
  const type = unixMode & S_IFMT;
  const isDir = name.endsWith("/");
  if (type !== 0 && type !== S_IFREG && !(isDir && type === S_IFDIR)) {
    const kind = type === 0o120000 ? "a symbolic link" : type === S_IFDIR ? "a directory with a file name" : "a special file";
    throw new PyvendorError("E_UNSAFE_ENTRY", `${archive}: entry "${name}" is ${kind}`, { data: { archive, entry: name } });
  }
  return {
    name: isDir ? name.slice(0, -1) : name,
    isDir,
    size: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
    mode: unixMode & 0o7777,
    executable: type === S_IFREG && (unixMode & 0o111) !== 0,
    entry,
  };
}

/**
 * Opens `file` and reads its central directory. Every name is checked (E_UNSAFE_PATH), links and
 * special files are refused (E_UNSAFE_ENTRY), duplicates too (E_DUPLICATE_ENTRY); a file that is
 * not a zip gives E_WHEEL_INVALID. The caller must `close()`.
 */
export async function openZip(file: string, label = file): Promise<OpenZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (err: unknown) {
    throw new PyvendorError("E_WHEEL_INVALID", `${label} is not a valid zip archive`, { cause: err });
  }
  const entries: ZipEntryInfo[] = [];
  const seen = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = (entry.fileName as unknown as Buffer).toString("utf8");
      const info = checkEntry(label, name, entry);
      if (seen.has(info.name)) {
        throw new PyvendorError("E_DUPLICATE_ENTRY", `${label}: entry "${info.name}" appears twice`);
      }
      seen.add(info.name);
      entries.push(info);
    }
  } catch (err: unknown) {
    zip.close();
    if (err instanceof PyvendorError) throw err;
    throw new PyvendorError("E_WHEEL_INVALID", `${label}: cannot read the zip directory`, { cause: err });
  }
  return { zip, entries, close: () => zip.close() };
}

/** A decompressing stream of one entry (yauzl checks the declared size while reading). */
export function entryStream(open: OpenZip, info: ZipEntryInfo): Promise<Readable> {
  return open.zip.openReadStreamPromise(info.entry);
}

/** Reads a small entry (metadata files) into memory; refuses entries over `max` bytes. */
export async function readEntry(open: OpenZip, info: ZipEntryInfo, max = 16 * 1024 * 1024): Promise<Buffer> {
  if (info.size > max) {
    throw new PyvendorError("E_ARCHIVE_TOO_LARGE", `Entry ${info.name} is ${info.size} bytes (at most ${max} expected)`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await entryStream(open, info)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
