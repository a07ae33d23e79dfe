// Opens a bundle (directory, .tar.gz or .zip), validates its manifest, and extracts verified files.
import { createHash } from "node:crypto";
import { lstatSync, type BigIntStats } from "node:fs";
import { open as openFile, lstat, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { isErrno, PyvendorError } from "../errors.js";
import { asBundleError, entryChecker, resolveLimits, tarBudget, type ArchiveLimits } from "./entries.js";
import { assertDigest, digestStated, writeVerified } from "./hash.js";
import { listedFileMap, MANIFEST_FILE, type BundleKind, type ListedFile } from "./layout.js";
import type { PassedChecks } from "../cache/passed-checks.js";
import { fileStamp, type VerifiedFiles } from "../cache/verified-files.js";
import { packageVersion } from "../version.js";
import type { Manifest } from "./manifest.js";
import { dirStorage } from "./read-dir.js";
import type { BundleStorage } from "./storage.js";
import { parseManifest, type ParseManifestOptions } from "./validate.js";

export interface BundleReader {
  readonly kind: BundleKind;
  readonly path: string;
  readonly manifest: Manifest;
  /**
   * Makes the listed files (bundle paths such as "wheels/x.whl") available under `destDir`,
   * verifying size and sha256 against the manifest while streaming, and returns bundle path →
   * absolute file path. Archives are written to `destDir/<bundle path>`; a directory bundle's
   * files are hashed in place and their paths inside the bundle are returned (nothing copied).
   * Throws E_BUNDLE_FILE_MISSING, E_HASH_MISMATCH, E_BUNDLE_SIZE_MISMATCH, the hostile-entry codes
   * of entryChecker, E_ARCHIVE_INVALID; on failure the files it wrote are removed.
   * `verified`: for a directory bundle, the record of files already hashed on this machine; a
   * file whose stat is unchanged since is not hashed again, one hashed now is noted in it.
   */
  extract(bundlePaths: string[], destDir: string, options?: { verified?: VerifiedFiles }): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export interface OpenBundleOptions extends ParseManifestOptions {
  limits?: Partial<ArchiveLimits>;
  /** Check a zip's entries against the manifest at open time (default true; verifyBundle does its own). */
  checkEntries?: boolean;
  /**
   * Manifests that passed validation before, by a hash of pyvendor's version and the manifest's
   * bytes (validation is a function of both): such a manifest is parsed, not validated again; one
   * validated now is added.
   */
  validated?: PassedChecks;
}

/** An opened bundle plus the storage behind it (for verifyBundle). */
export interface OpenedBundle extends BundleReader {
  readonly storage: BundleStorage;
  readonly limits: ArchiveLimits;
  /** sha256 of the manifest.json bytes read at open time. */
  readonly manifestSha256: string;
}

function notABundle(file: string, why: string): PyvendorError {
  return new PyvendorError("E_NOT_A_BUNDLE", `${file} is not a bundle: ${why}`, { data: { path: file } });
}

/** Picks the storage by what the path is: a directory, or a file by its magic bytes. */
async function openStorage(file: string, limits: ArchiveLimits): Promise<BundleStorage> {
  let info;
  try {
    info = await stat(file);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) throw notABundle(file, "it does not exist");
    throw asBundleError(err, file, "bundle");
  }
  if (info.isDirectory()) return dirStorage(file);
  if (!info.isFile()) throw notABundle(file, "it is neither a directory nor a file");
  const magic = Buffer.alloc(4);
  const handle = await openFile(file, "r");
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  // Loaded only for archives: a directory bundle (the committed kind) needs no archive library.
  if (magic[0] === 0x1f && magic[1] === 0x8b) return (await import("./read-tar.js")).tarStorage(file, limits);
  if (magic.toString("latin1") === "PK\u0003\u0004" || magic.toString("latin1") === "PK\u0005\u0006") {
    return (await import("./read-zip.js")).zipStorage(file, limits.maxEntries);
  }
  throw notABundle(file, "it is neither a directory, a .tar.gz nor a .zip");
}

/**
 * Opens a bundle: reads manifest.json first and validates it (parseManifest). A zip's whole
 * central directory is checked against the manifest here; a .tar.gz is checked entry by entry
 * during extract(). Throws E_NOT_A_BUNDLE, the manifest codes, and the hostile-entry codes.
 */
export async function openBundle(bundlePath: string, options: OpenBundleOptions = {}): Promise<OpenedBundle> {
  const limits = resolveLimits(options.limits);
  const storage = await openStorage(bundlePath, limits);
  try {
    const bytes = await storage.readManifest(limits.maxManifestBytes);
    const manifestSha256 = createHash("sha256").update(bytes).digest("hex");
    const manifest = readManifestOnce(bytes, manifestSha256, bundlePath, options);
    if (storage.kind === "zip" && options.checkEntries !== false) {
      const check = entryChecker(manifest, limits);
      await storage.scan(async (entry) => void check(entry));
    }
    return makeReader(storage, manifest, manifestSha256, limits);
  } catch (err: unknown) {
    await storage.close();
    throw err;
  }
}

/** parseManifest, or only JSON.parse for bytes `options.validated` says this version validated already. */
function readManifestOnce(bytes: Buffer, sha256: string, source: string, options: OpenBundleOptions): Manifest {
  const memo = options.checkId === false ? undefined : options.validated;
  const key = memo && createHash("sha256").update(`${packageVersion()}\0${sha256}`).digest("hex");
  if (memo && key && memo.has(key)) return JSON.parse(bytes.toString("utf8")) as Manifest;
  const manifest = parseManifest(bytes.toString("utf8"), source, options);
  if (memo && key) memo.add(key);
  return manifest;
}

function makeReader(storage: BundleStorage, manifest: Manifest, manifestSha256: string, limits: ArchiveLimits): OpenedBundle {
  const listed = listedFileMap(manifest);
  const extract = async (bundlePaths: string[], destDir: string, options: { verified?: VerifiedFiles } = {}): Promise<Map<string, string>> => {
    const wanted = new Map<string, ListedFile>();
    for (const p of bundlePaths) {
      const file = listed.get(p);
      if (!file) throw new Error(`extract: ${p} is not a file of this bundle's manifest`);
      wanted.set(p, file);
    }
    if (storage.kind === "dir") {
      try {
        return await verifyInPlace(storage.path, wanted, options.verified);
      } catch (err: unknown) {
        throw asBundleError(err, storage.path, "bundle");
      }
    }
    const written = new Map<string, string>();
    try {
      await extractArchive({ storage, manifest, manifestSha256, limits, wanted, destDir, written });
      return written;
    } catch (err: unknown) {
      await Promise.all([...written.values()].map((f) => rm(f, { force: true })));
      throw asBundleError(err, storage.path, storage.kind);
    }
  };
  return { kind: storage.kind, path: storage.path, manifest, storage, limits, manifestSha256, extract, close: () => storage.close() };
}

/**
 * Directory bundles: lstat (no links), hash in place, return the paths inside the bundle. A file
 * `verified` knows with an unchanged stat is not read again.
 */
async function verifyInPlace(root: string, wanted: Map<string, ListedFile>, verified?: VerifiedFiles): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [rel, file] of wanted) {
    const parts = rel.split("/");
    const full = path.join(root, ...parts);
    let statedAt = 0;
    let last: BigIntStats | undefined;
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join("/");
      const final = i === parts.length;
      let info;
      try {
        if (final) statedAt = Date.now();
        info = final ? (last = lstatSync(full, { bigint: true })) : lstatSync(path.join(root, ...parts.slice(0, i)));
      } catch (err: unknown) {
        if (!isErrno(err, "ENOENT") && !isErrno(err, "ENOTDIR")) throw asBundleError(err, full, "bundle");
        throw new PyvendorError("E_BUNDLE_FILE_MISSING", `${rel} is missing from ${root}`, { data: { path: rel } });
      }
      const ok = final ? info.isFile() : info.isDirectory();
      if (!ok) throw new PyvendorError("E_UNSAFE_ENTRY", `${sub} in ${root} is a link or special file`, { data: { path: sub } });
    }
    const st = last as BigIntStats;
    if (verified?.unchanged(rel, st, file.sha256) && st.size === BigInt(file.size)) {
      out.set(rel, full);
      continue;
    }
    const { digest, before, after } = digestStated(full, { maxBytes: file.size, label: rel });
    assertDigest(digest, file);
    // The stamp recorded must be that of the bytes hashed: the handle's stat before and after the
    // read is the path's (no parent directory swapped in between, no write during the read).
    const stamp = fileStamp(st);
    if (fileStamp(before) === stamp && fileStamp(after) === stamp) verified?.note(rel, st, file.sha256, statedAt);
    out.set(rel, full);
  }
  return out;
}

interface ExtractJob {
  storage: BundleStorage;
  manifest: Manifest;
  manifestSha256: string;
  limits: ArchiveLimits;
  wanted: Map<string, ListedFile>;
  destDir: string;
  written: Map<string, string>;
}

/** One pass over an archive: every entry checked, the wanted ones written and verified. */
async function extractArchive(job: ExtractJob): Promise<void> {
  const { storage, limits, wanted, destDir, written } = job;
  const check = entryChecker(job.manifest, limits, { manifestFirst: storage.kind === "tar.gz" });
  const streamed = storage.kind === "tar.gz";
  await storage.scan(async (entry) => {
    const checked = check(entry);
    if (checked.role === "manifest" && streamed) {
      const digest = await hashStream(await entry.open());
      if (digest !== job.manifestSha256) {
        throw new PyvendorError("E_ARCHIVE_INVALID", `${storage.path} changed while it was being read`, { data: { path: storage.path } });
      }
    }
    if (checked.role !== "listed" || !wanted.has(checked.path) || written.has(checked.path)) return;
    const dest = path.join(destDir, ...checked.path.split("/"));
    await mkdir(path.dirname(dest), { recursive: true });
    await writeVerified(await entry.open(), dest, checked.file);
    written.set(checked.path, dest);
  }, streamed ? tarBudget(job.manifest, limits) : undefined);
  for (const rel of wanted.keys()) {
    if (!written.has(rel)) {
      throw new PyvendorError("E_BUNDLE_FILE_MISSING", `${rel} is missing from ${storage.path}`, { data: { path: rel } });
    }
  }
}

async function hashStream(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * The manifest of an existing bundle directory, for incremental packing; undefined when `dir`
 * or its manifest.json does not exist. Throws the manifest codes when it exists but is not valid.
 */
export async function readExistingManifest(dir: string): Promise<Manifest | undefined> {
  try {
    await lstat(path.join(dir, MANIFEST_FILE));
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return undefined;
    throw err;
  }
  const storage = dirStorage(dir);
  const bytes = await storage.readManifest(resolveLimits().maxManifestBytes);
  return parseManifest(bytes.toString("utf8"), dir);
}
