// Writes a bundle as one .tar.gz or .zip (archiver), byte for byte the same for the same inputs.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { createRequire } from "node:module";
import path from "node:path";
import type { Archiver, ArchiverOptions } from "archiver";
import { PyvendorError } from "../errors.js";
import { assertDigest, hashingStream, tempSibling, type Digest } from "./hash.js";
import { compareText, MANIFEST_FILE, SOURCES_DIR, WHEELS_DIR, type ListedFile } from "./layout.js";
import { userPathError } from "../user-paths.js";
import { trackScratch, uninterruptible } from "../interrupt.js";

/** archiver 7 is CommonJS (`archiver(format, options)`); @types/archiver 8 describes archiver 8's classes. */
type ArchiverFactory = (format: "zip" | "tar", options: ArchiverOptions) => Archiver;
/** Loaded on first use, so that reading bundles never loads the archive writer. */
const archiver: ArchiverFactory = (format, options) =>
  (createRequire(import.meta.url)("archiver") as ArchiverFactory)(format, options);

/** 1980-01-01T00:00:00Z: the earliest time a zip (DOS) timestamp can hold; used without SOURCE_DATE_EPOCH. */
export const DEFAULT_ARCHIVE_EPOCH = 315532800;
/** gzip's OS byte says "unknown" on every machine (zlib would write the packing OS). */
const GZIP_OS_UNKNOWN = 0xff;

export interface ArchiveWriteInput {
  /** Final path of the archive (absolute). */
  output: string;
  format: "tar.gz" | "zip";
  listed: ListedFile[];
  /** Bundle path → file on disk, for every listed file. */
  sources: Map<string, string>;
  /** manifest.json, requirements.lock, pylock.toml → their text. */
  texts: Map<string, string>;
  /** Entry time, seconds since the epoch. */
  mtime: number;
}

/** Rewrites byte 9 of the gzip header (the OS that compressed it) to a fixed value. */
function fixGzipOsByte(): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (offset <= 9 && offset + chunk.length > 9) {
        chunk = Buffer.from(chunk);
        chunk[9 - offset] = GZIP_OS_UNKNOWN;
      }
      offset += chunk.length;
      done(null, chunk);
    },
  });
}

type Entry =
  | { name: string; kind: "text"; text: string }
  | { name: string; kind: "dir" }
  | { name: string; kind: "file"; file: ListedFile; source: string };

/** manifest.json first (streaming readers need it first), then everything else sorted by name. */
function plan(input: ArchiveWriteInput): Entry[] {
  const rest: Entry[] = [];
  for (const [name, text] of input.texts) if (name !== MANIFEST_FILE) rest.push({ name, kind: "text", text });
  rest.push({ name: `${WHEELS_DIR}/`, kind: "dir" });
  if (input.listed.some((f) => f.path.startsWith(`${SOURCES_DIR}/`))) rest.push({ name: `${SOURCES_DIR}/`, kind: "dir" });
  for (const file of input.listed) {
    const source = input.sources.get(file.path);
    if (source === undefined) throw new Error(`writeArchive: no source for ${file.path}`);
    rest.push({ name: file.path, kind: "file", file, source });
  }
  rest.sort((a, b) => compareText(a.name, b.name));
  const manifest = input.texts.get(MANIFEST_FILE);
  if (manifest === undefined) throw new Error("writeArchive: no manifest.json text");
  return [{ name: MANIFEST_FILE, kind: "text", text: manifest }, ...rest];
}

/**
 * Writes the archive to a temp file next to `output` and renames it into place. Entries: fixed
 * mtime, modes 0644/0755, uid/gid 0, no user names, no host paths; wheels and sdists are stored
 * in zips (they are compressed already). Every source is hashed while archived; a mismatch
 * throws E_HASH_MISMATCH / E_BUNDLE_SIZE_MISMATCH and leaves `output` untouched.
 */
export async function writeArchiveBundle(input: ArchiveWriteInput): Promise<string[]> {
  const entries = plan(input);
  const date = new Date(Math.max(input.mtime, input.format === "zip" ? DEFAULT_ARCHIVE_EPOCH : 0) * 1000);
  const temp = tempSibling(input.output, "tmp");
  try {
    await mkdir(path.dirname(input.output), { recursive: true });
  } catch (err: unknown) {
    throw userPathError(err, input.output, "write the bundle");
  }
  const archive =
    input.format === "zip"
      ? archiver("zip", { zlib: { level: 9 }, forceLocalTime: false })
      : archiver("tar", { gzip: true, gzipOptions: { level: 6 } });
  const release = trackScratch(temp);
  const out = createWriteStream(temp, { flags: "wx", mode: 0o644 });
  const closed = once(out, "close");
  const failed = new Promise<never>((_resolve, reject) => {
    archive.on("error", reject);
    out.on("error", reject);
  });
  failed.catch(() => {});
  (input.format === "tar.gz" ? archive.pipe(fixGzipOsByte()) : archive).pipe(out);
  const digests: { file: ListedFile; digest: () => Digest }[] = [];
  try {
    for (const entry of entries) {
      const appended = once(archive, "entry");
      if (entry.kind === "dir") {
        archive.append(Buffer.alloc(0), { name: entry.name, type: "directory", date, mode: 0o755 });
      } else if (entry.kind === "text") {
        archive.append(Buffer.from(entry.text, "utf8"), { name: entry.name, date, mode: 0o644 });
      } else {
        const stats = await stat(entry.source);
        if (stats.size !== entry.file.size) {
          assertDigest({ sha256: "", size: stats.size }, { ...entry.file, path: `${entry.file.path} (from ${entry.source})` });
        }
        const hasher = hashingStream({ maxBytes: entry.file.size, label: entry.file.path });
        digests.push({ file: entry.file, digest: hasher.digest });
        const data = { name: entry.name, date, mode: 0o644, stats, store: input.format === "zip" };
        const file = createReadStream(entry.source).on("error", (err) => hasher.stream.destroy(err));
        archive.append(file.pipe(hasher.stream), data);
      }
      await Promise.race([appended, failed]);
    }
    await Promise.race([archive.finalize(), failed]);
    await Promise.race([closed, failed]);
    for (const { file, digest } of digests) assertDigest(digest(), file);
    await uninterruptible(async () => {
      await rename(temp, input.output);
      release();
    });
  } catch (err: unknown) {
    release();
    archive.abort();
    out.destroy();
    await rm(temp, { force: true });
    if (err instanceof PyvendorError) throw err;
    const mapped = userPathError(err, input.output, "write the bundle");
    throw mapped instanceof PyvendorError ? mapped : new PyvendorError("E_IO", `writing ${input.output} failed: ${String(err)}`, { cause: err });
  }
  return entries.filter((e) => e.kind !== "dir").map((e) => e.name);
}
