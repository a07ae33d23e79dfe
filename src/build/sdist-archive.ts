// Unpacks an sdist (any tar format, or .zip) safely: in-tree links as Python's tarfile data filter keeps them, nothing outside the target.
import { constants } from "node:fs";
import { copyFile, mkdir, open, readdir, realpath, rm, symlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { isErrno, isPyvendorError, PyvendorError } from "../errors.js";
import { entryStream, openZip, unsafePathReason } from "../wheel/zip-entries.js";
import { linkAbove, linkLeavingTree, resolveLink, type LinkTable } from "./archive-links.js";
import { sniffSdist, tarBytes } from "./sdist-decoders.js";

/** Bounds against decompression bombs; real sdists are far below them. */
export interface SdistLimits {
  maxEntries: number;
  /** Total uncompressed bytes. */
  maxBytes: number;
}

export const DEFAULT_SDIST_LIMITS: SdistLimits = { maxEntries: 200_000, maxBytes: 4 * 1024 * 1024 * 1024 };

function invalid(label: string, message: string, cause?: unknown): PyvendorError {
  return new PyvendorError("E_SDIST_INVALID", `${label}: ${message}`, { ...(cause !== undefined ? { cause } : {}), data: { sdist: label } });
}

/** The entry name with `./` prefixes and a trailing `/` removed, or throws E_UNSAFE_PATH. */
function checkedName(label: string, raw: string): string {
  let name = raw;
  while (name.startsWith("./")) name = name.slice(2);
  if (name.endsWith("/")) name = name.slice(0, -1);
  if (name === "" || name === ".") return "";
  const reason = unsafePathReason(name);
  if (reason) throw new PyvendorError("E_UNSAFE_PATH", `${label}: entry "${raw}" has ${reason}`, { data: { archive: label, entry: raw } });
  return name;
}

function unsafeEntry(label: string, name: string, kind: string): PyvendorError {
  return new PyvendorError("E_UNSAFE_ENTRY", `${label}: entry "${name}" is ${kind}`, { data: { archive: label, entry: name } });
}

interface Budget {
  entries: number;
  bytes: number;
}

function spend(label: string, budget: Budget, limits: SdistLimits, bytes: number): void {
  budget.entries += 1;
  budget.bytes += bytes;
  if (budget.entries > limits.maxEntries || budget.bytes > limits.maxBytes) {
    throw new PyvendorError("E_ARCHIVE_TOO_LARGE", `${label} unpacks to more than ${limits.maxEntries} entries or ${limits.maxBytes} bytes`);
  }
}

/** What an extraction has made so far: links (to follow or refuse) and regular files (for hard links). */
interface Made {
  links: LinkTable;
  files: Set<string>;
}

/** Creates the symlink `name` after checking where it leads (resolveLink). */
async function makeSymlink(label: string, made: Made, name: string, linkname: string, target: string): Promise<void> {
  const resolved = resolveLink(made.links, name, linkname);
  if ("refused" in resolved) throw unsafeEntry(label, name, resolved.refused);
  try {
    await symlink(linkname, target);
  } catch (err: unknown) {
    if (isErrno(err, "EEXIST")) throw unsafeEntry(label, name, "a link over an entry made before it");
    throw err;
  }
  made.links.set(name, linkname);
}

/** A hard link becomes a copy of the earlier regular file it names. */
async function copyHardLink(label: string, made: Made, name: string, linkname: string, dest: string): Promise<void> {
  const source = checkedName(label, linkname);
  if (!made.files.has(source)) throw unsafeEntry(label, name, `a hard link to "${linkname}", which is not an earlier file of the archive`);
  await copyFile(path.join(dest, ...source.split("/")), path.join(dest, ...name.split("/")), constants.COPYFILE_EXCL);
  made.files.add(name);
}

/**
 * Writes a regular file; a later entry of the same name replaces it (as tar does), never a link.
 * Its mode is set whatever the process umask: build tools copy it into wheels, which must not
 * depend on the umask of whoever packs.
 */
async function writeMember(made: Made, name: string, target: string, body: Buffer, mode: number): Promise<void> {
  if (made.files.has(name)) await rm(target, { force: true });
  const handle = await open(target, "wx", mode);
  try {
    await handle.writeFile(body);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
  made.files.add(name);
}

async function extractTar(input: Readable, dest: string, label: string, limits: SdistLimits): Promise<Made> {
  const extract = tar.extract();
  const budget: Budget = { entries: 0, bytes: 0 };
  const made: Made = { links: new Map(), files: new Set() };
  const done = (async () => {
    try {
      for await (const entry of extract) {
        const header = entry.header;
        const name = checkedName(label, header.name);
        if (!["file", "contiguous-file", "directory", "symlink", "link"].includes(header.type ?? "")) {
          throw unsafeEntry(label, name, `a special file (${String(header.type)})`);
        }
        spend(label, budget, limits, header.size ?? 0);
        if (name === "" && header.type !== "directory") throw invalid(label, "an entry has an empty name");
        const through = name === "" ? undefined : linkAbove(made.links, name);
        if (through !== undefined) throw unsafeEntry(label, name, `written through the link "${through}"`);
        if (made.links.has(name)) throw unsafeEntry(label, name, "written over a link made before it");
        if (name === "") {
          entry.resume();
          continue;
        }
        const target = path.join(dest, ...name.split("/"));
        if (header.type === "directory") {
          await mkdir(target, { recursive: true });
          entry.resume();
          continue;
        }
        await mkdir(path.dirname(target), { recursive: true });
        if (header.type === "symlink" || header.type === "link") {
          entry.resume();
          if (header.type === "symlink") await makeSymlink(label, made, name, header.linkname ?? "", target);
          else await copyHardLink(label, made, name, header.linkname ?? "", dest);
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        await writeMember(made, name, target, Buffer.concat(chunks), ((header.mode ?? 0o644) & 0o111) !== 0 ? 0o755 : 0o644);
      }
    } catch (err: unknown) {
      extract.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  })();
  const outcomes = await Promise.allSettled([done, pipeline(input, extract)]);
  const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  const ours = errors.find((e) => isPyvendorError(e));
  if (ours) throw ours;
  if (errors.length > 0) throw invalid(label, "cannot read the archive", errors[0]);
  return made;
}

/**
 * Second line of defence, before anything builds in the tree: every link, now that all are known,
 * leads inside it (a later link can change where an earlier one goes), by the link table and by
 * the real path of those whose target exists. Throws E_UNSAFE_ENTRY.
 */
async function assertInside(label: string, dest: string, made: Made): Promise<void> {
  const leaving = linkLeavingTree(made.links);
  if (leaving) throw unsafeEntry(label, leaving.path, leaving.refused);
  const root = await realpath(dest);
  for (const name of made.links.keys()) {
    const real = await realpath(path.join(dest, ...name.split("/"))).catch((err: unknown) => {
      if (isErrno(err, "ENOENT")) return undefined; // dangling: its text was checked above
      throw err;
    });
    if (real !== undefined && real !== root && !real.startsWith(`${root}${path.sep}`)) throw unsafeEntry(label, name, `a link leading out of the tree (to ${real})`);
  }
}

/** A zip sdist, by the same rules as a tar (links by their Unix mode bits, their content the target). */
async function extractZip(file: string, dest: string, label: string, limits: SdistLimits): Promise<Made> {
  let zip;
  try {
    zip = await openZip(file, label, { links: true });
  } catch (err: unknown) {
    if (isPyvendorError(err, "E_WHEEL_INVALID")) throw invalid(label, "cannot read the .zip archive", err);
    throw err;
  }
  const budget: Budget = { entries: 0, bytes: 0 };
  const made: Made = { links: new Map(), files: new Set() };
  try {
    for (const info of zip.entries) {
      spend(label, budget, limits, info.size);
      const through = linkAbove(made.links, info.name);
      if (through !== undefined) throw unsafeEntry(label, info.name, `written through the link "${through}"`);
      if (made.links.has(info.name)) throw unsafeEntry(label, info.name, "written over a link made before it");
      const target = path.join(dest, ...info.name.split("/"));
      if (info.isDir) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      const chunks: Buffer[] = [];
      for await (const chunk of await entryStream(zip, info)) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (info.isLink) await makeSymlink(label, made, info.name, body.toString("utf8"), target);
      else await writeMember(made, info.name, target, body, info.executable ? 0o755 : 0o644);
    }
  } finally {
    zip.close();
  }
  return made;
}

/**
 * Unpacks the sdist `file` (named by `filename`: .tar.gz/.tgz, .tar.bz2/.tbz, .tar.xz/.txz,
 * .tar.lzma/.tlz, .tar or .zip; its first bytes must agree, see sniffSdist; `python`, by default
 * python3, decodes LZMA-alone) into the empty directory
 * `dest` and returns the project root: the archive's single top-level directory, or `dest`
 * itself when pyproject.toml / setup.py sit at the top. Symlinks (a tar's, or a zip's by their
 * Unix mode bits) are made when they lead
 * inside the tree (resolveLink), hard links become copies of the earlier file; no entry is
 * written through a link. Throws E_UNSAFE_PATH (absolute or `..` names), E_UNSAFE_ENTRY (links
 * that leave the tree, devices, FIFOs; a zip's links by the same rules), E_ARCHIVE_TOO_LARGE, E_SDIST_INVALID
 * (unreadable, unsupported format, no project directory).
 */
export async function unpackSdist(options: { file: string; filename: string; dest: string; limits?: SdistLimits; python?: string }): Promise<string> {
  const { file, filename, dest } = options;
  const limits = options.limits ?? DEFAULT_SDIST_LIMITS;
  await mkdir(dest, { recursive: true });
  const format = await sniffSdist(file, filename);
  const made = format === "zip" ? await extractZip(file, dest, filename, limits) : await extractTar(await tarBytes(file, filename, format, options.python ?? "python3"), dest, filename, limits);
  await assertInside(filename, dest, made);
  const top = await readdir(dest, { withFileTypes: true });
  if (top.some((e) => e.isFile() && (e.name === "pyproject.toml" || e.name === "setup.py"))) return dest;
  const dirs = top.filter((e) => e.isDirectory());
  if (dirs.length === 1 && top.length === 1) return path.join(dest, (dirs[0] as { name: string }).name);
  throw invalid(filename, "the archive has no single top-level project directory");
}
