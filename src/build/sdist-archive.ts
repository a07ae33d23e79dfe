// Unpacks an sdist (.tar.gz or .zip) safely: regular files and directories only, nothing outside the target.
import { createReadStream } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { isPyvendorError, PyvendorError } from "../errors.js";
import { entryStream, openZip, unsafePathReason } from "../wheel/zip-entries.js";

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

async function extractTar(file: string, dest: string, label: string, limits: SdistLimits): Promise<void> {
  const extract = tar.extract();
  const budget: Budget = { entries: 0, bytes: 0 };
  const done = (async () => {
    try {
      for await (const entry of extract) {
        const header = entry.header;
        const name = checkedName(label, header.name);
        if (header.type === "symlink" || header.type === "link") throw unsafeEntry(label, name, "a link");
        if (header.type !== "file" && header.type !== "contiguous-file" && header.type !== "directory") {
          throw unsafeEntry(label, name, `a special file (${String(header.type)})`);
        }
        spend(label, budget, limits, header.size ?? 0);
        if (name === "" && header.type !== "directory") throw invalid(label, "an entry has an empty name");
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
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        await writeFile(target, Buffer.concat(chunks), { mode: ((header.mode ?? 0o644) & 0o111) !== 0 ? 0o755 : 0o644 });
      }
    } catch (err: unknown) {
      extract.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  })();
  const outcomes = await Promise.allSettled([done, pipeline(createReadStream(file), createGunzip(), extract)]);
  const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  const ours = errors.find((e) => isPyvendorError(e));
  if (ours) throw ours;
  if (errors.length > 0) throw invalid(label, "cannot read the .tar.gz archive", errors[0]);
}

async function extractZip(file: string, dest: string, label: string, limits: SdistLimits): Promise<void> {
  let zip;
  try {
    zip = await openZip(file, label);
  } catch (err: unknown) {
    if (isPyvendorError(err, "E_WHEEL_INVALID")) throw invalid(label, "cannot read the .zip archive", err);
    throw err;
  }
  const budget: Budget = { entries: 0, bytes: 0 };
  try {
    for (const info of zip.entries) {
      spend(label, budget, limits, info.size);
      const target = path.join(dest, ...info.name.split("/"));
      if (info.isDir) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      const chunks: Buffer[] = [];
      for await (const chunk of await entryStream(zip, info)) chunks.push(chunk as Buffer);
      await writeFile(target, Buffer.concat(chunks), { mode: info.executable ? 0o755 : 0o644 });
    }
  } finally {
    zip.close();
  }
}

/**
 * Unpacks the sdist `file` (named by `filename`: .tar.gz/.tgz or .zip) into the empty directory
 * `dest` and returns the project root: the archive's single top-level directory, or `dest`
 * itself when pyproject.toml / setup.py sit at the top. Throws E_UNSAFE_PATH (absolute or `..`
 * names), E_UNSAFE_ENTRY (links, devices), E_ARCHIVE_TOO_LARGE, E_SDIST_INVALID (unreadable,
 * unsupported format, no project directory).
 */
export async function unpackSdist(options: { file: string; filename: string; dest: string; limits?: SdistLimits }): Promise<string> {
  const { file, filename, dest } = options;
  const limits = options.limits ?? DEFAULT_SDIST_LIMITS;
  await mkdir(dest, { recursive: true });
  if (/\.(tar\.gz|tgz)$/i.test(filename)) await extractTar(file, dest, filename, limits);
  else if (/\.zip$/i.test(filename)) await extractZip(file, dest, filename, limits);
  else throw invalid(filename, "unsupported sdist format (pyvendor builds .tar.gz and .zip sdists)");
  const top = await readdir(dest, { withFileTypes: true });
  if (top.some((e) => e.isFile() && (e.name === "pyproject.toml" || e.name === "setup.py"))) return dest;
  const dirs = top.filter((e) => e.isDirectory());
  if (dirs.length === 1 && top.length === 1) return path.join(dest, (dirs[0] as { name: string }).name);
  throw invalid(filename, "the archive has no single top-level project directory");
}
