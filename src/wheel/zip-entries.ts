// Reading a wheel's zip: the central directory as checked entries (yauzl), entries inflated in one step or streamed.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import { PyvendorError } from "../errors.js";
import { relativePathProblem } from "../standards/path-component.js";

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
  /** A symbolic link (Unix mode bits), whose content is its target; only when openZip was asked to keep links. */
  isLink?: boolean;
  entry: yauzl.Entry;
}

export interface OpenZip {
  zip: yauzl.ZipFile;
  entries: ZipEntryInfo[];
  /** Size of the archive in bytes. */
  size: number;
  /** `length` bytes at `position`: a view of the in-memory archive, or one positional read. */
  readAt(position: number, length: number): Buffer;
  close(): void;
}

/** Where an archive's bytes are: all in memory, or behind an open descriptor (the caller closes it). */
export type ZipSource = { buffer: Buffer } | { fd: number; size: number };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** The reason an entry name may not be extracted (see relativePathProblem), or undefined. */
export const unsafePathReason = relativePathProblem;

function checkEntry(archive: string, name: string, entry: yauzl.Entry, links: boolean): ZipEntryInfo {
  const reason = unsafePathReason(name);
  if (reason) {
    throw new PyvendorError("E_UNSAFE_PATH", `${archive}: entry "${name}" has ${reason}`, { data: { archive, entry: name } });
  }
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const unixMode = madeOnUnix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
  const type = unixMode & S_IFMT;
  const isDir = name.endsWith("/");
  const isLink = links && type === S_IFLNK && !isDir;
  if (type !== 0 && type !== S_IFREG && !(isDir && type === S_IFDIR) && !isLink) {
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
    ...(isLink ? { isLink } : {}),
    entry,
  };
}

/**
 * Serves yauzl's reads synchronously (from memory or by pread): reading a central directory
 * then costs no event-loop turn per entry, which dominates for wheels of many small files.
 */
class SyncReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: ZipSource) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    let n: number;
    try {
      if ("buffer" in this.source) n = this.source.buffer.copy(buffer, offset, position, position + length);
      else n = readSync(this.source.fd, buffer, offset, length, position);
    } catch (err: unknown) {
      callback(err as Error);
      return;
    }
    callback(null, n);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return rangeStream(readAtFor(this.source, end), start, end);
  }
}

/**
 * Bytes [start, end) of the archive in 64 KiB chunks. Unlike fs.createReadStream, destroying it
 * (as pipeline does on an error) never closes the descriptor, which the archive's owner still uses.
 */
function rangeStream(readAt: (position: number, length: number) => Buffer, start: number, end: number): Readable {
  let pos = start;
  return new Readable({
    highWaterMark: 64 * 1024,
    read(size) {
      const want = Math.min(size, end - pos);
      if (want <= 0) {
        this.push(null);
        return;
      }
      try {
        const chunk = readAt(pos, want);
        pos += want;
        this.push(chunk);
      } catch (err: unknown) {
        this.destroy(err as Error);
      }
    },
  });
}

function readAtFor(source: ZipSource, size: number): (position: number, length: number) => Buffer {
  return (position, length) => {
    if (position < 0 || length < 0 || position + length > size) throw new RangeError(`read of ${length} bytes at ${position} is outside the archive (${size} bytes)`);
    if ("buffer" in source) return source.buffer.subarray(position, position + length);
    const out = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(source.fd, out, got, length - got, position + got);
      if (n === 0) throw new RangeError(`unexpected end of archive at ${position + got}`);
      got += n;
    }
    return out;
  };
}

/**
 * Reads the central directory of the archive in `source`. Every name is checked
 * (E_UNSAFE_PATH), links (unless `links`: an sdist's reader checks them itself) and special
 * files are refused (E_UNSAFE_ENTRY), duplicates too
 * (E_DUPLICATE_ENTRY); bytes that are not a zip give E_WHEEL_INVALID. `close()` releases yauzl,
 * not the descriptor of an fd source.
 */
export async function openZipSource(source: ZipSource, label: string, options: { links?: boolean } = {}): Promise<OpenZip> {
  const size = "buffer" in source ? source.buffer.length : source.size;
  const zipOptions = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new SyncReader(source), size, zipOptions);
  } catch (err: unknown) {
    throw new PyvendorError("E_WHEEL_INVALID", `${label} is not a valid zip archive`, { cause: err });
  }
  const entries: ZipEntryInfo[] = [];
  const seen = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = (entry.fileName as unknown as Buffer).toString("utf8");
      const info = checkEntry(label, name, entry, options.links ?? false);
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
  return { zip, entries, size, readAt: readAtFor(source, size), close: () => zip.close() };
}

/** Opens the archive at `file` (read through its descriptor) and reads its central directory, as openZipSource. */
export async function openZip(file: string, label = file, options: { links?: boolean } = {}): Promise<OpenZip> {
  const fd = openSync(file, "r");
  try {
    const open = await openZipSource({ fd, size: fstatSync(fd).size }, label, options);
    return { ...open, close: () => { open.close(); closeSync(fd); } };
  } catch (err: unknown) {
    closeSync(fd);
    throw err;
  }
}

/** A decompressing stream of one entry (yauzl checks the declared size while reading). */
export function entryStream(open: OpenZip, info: ZipEntryInfo): Promise<Readable> {
  return open.zip.openReadStreamPromise(info.entry);
}

const LOCAL_HEADER = 0x04034b50;

function invalid(label: string, info: ZipEntryInfo, why: string, cause?: unknown): PyvendorError {
  return new PyvendorError("E_WHEEL_INVALID", `${label}: entry "${info.name}" ${why}`, {
    ...(cause === undefined ? {} : { cause }),
    data: { archive: label, entry: info.name },
  });
}

/**
 * An entry's bytes, read and inflated in one synchronous step (zlib.inflateRawSync on one
 * read). Holds the compressed and the inflated bytes at once, so callers keep it for entries
 * of bounded size. Throws E_WHEEL_INVALID for encryption, a method other than stored or
 * deflate, a bad local header, corrupt deflate data, or a size other than the declared one.
 */
export function readEntrySync(open: OpenZip, info: ZipEntryInfo, label: string): Buffer {
  const { entry } = info;
  if (entry.isEncrypted()) throw invalid(label, info, "is encrypted");
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw invalid(label, info, `uses compression method ${entry.compressionMethod} (only stored and deflate are supported)`);
  }
  const offset = entry.relativeOffsetOfLocalHeader;
  const header = offset + 30 <= open.size ? open.readAt(offset, 30) : undefined;
  if (!header || header.readUInt32LE(0) !== LOCAL_HEADER) throw invalid(label, info, "has no valid local file header");
  const start = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + info.compressedSize > open.size) throw invalid(label, info, "runs past the end of the archive");
  const raw = open.readAt(start, info.compressedSize);
  let data = raw;
  if (entry.compressionMethod === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, info.size) });
    } catch (err: unknown) {
      throw invalid(label, info, "has corrupt compressed data", err);
    }
  }
  if (data.length !== info.size) throw invalid(label, info, `holds ${data.length} bytes, the zip directory says ${info.size}`);
  return data;
}

/** Reads a small entry (metadata files) into memory; refuses entries over `max` bytes. */
export function readEntry(open: OpenZip, info: ZipEntryInfo, max = 16 * 1024 * 1024, label = "archive"): Buffer {
  if (info.size > max) {
    throw new PyvendorError("E_ARCHIVE_TOO_LARGE", `Entry ${info.name} is ${info.size} bytes (at most ${max} expected)`);
  }
  return readEntrySync(open, info, label);
}
