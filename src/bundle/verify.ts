// verifyBundle: checks a whole bundle and reports every problem found, each with its code and path.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { isPyvendorError, PyvendorError, type ErrorCode } from "../errors.js";
import { asBundleError, entryChecker, readSmall, tarBudget, type ArchiveLimits, type RawEntry } from "./entries.js";
import { verifyWheelFile } from "../wheel/verify-wheel.js";
import { checkListedWheel } from "./check-wheel.js";
import { assertDigest, hashingStream, writeVerified } from "./hash.js";
import { DERIVED_FILES, listedFileMap, MANIFEST_FILE, normalizeEntryName, WHEELS_DIR, type BundleKind, type ListedFile } from "./layout.js";
import { computeBundleId, type Manifest } from "./manifest.js";
import { openBundle, type OpenedBundle } from "./read.js";
import { bundleTexts } from "./lockfiles.js";
import { targetTags } from "./target-tags.js";

export interface BundleProblem {
  code: ErrorCode;
  /** Path inside the bundle ("wheels/x.whl", "manifest.json"). */
  path: string;
  message: string;
  expected?: string | number;
  actual?: string | number;
  /** For manifest problems: the JSON pointer of the first one, e.g. "/packages/0/wheels/0/sha256". */
  pointer?: string;
}

export interface VerifyReport {
  path: string;
  kind: BundleKind;
  /** True when there is no problem. */
  ok: boolean;
  /** The id the manifest states, when the manifest could be read. */
  id?: string;
  /** Listed files whose content was checked and found right. */
  verified: number;
  problems: BundleProblem[];
}

function problemOf(err: unknown, fallbackPath: string): BundleProblem {
  const e = isPyvendorError(err) ? err : asBundleError(err, fallbackPath, "bundle");
  const data = e.data as { path?: unknown; expected?: unknown; actual?: unknown };
  const scalar = (v: unknown) => (typeof v === "string" || typeof v === "number" ? v : undefined);
  const problem: BundleProblem = { code: e.code, path: typeof data.path === "string" ? data.path : fallbackPath, message: e.message };
  if (scalar(data.expected) !== undefined) problem.expected = scalar(data.expected);
  if (scalar(data.actual) !== undefined) problem.actual = scalar(data.actual);
  return problem;
}

async function digestOf(entry: RawEntry, file: ListedFile): Promise<void> {
  const hasher = hashingStream({ maxBytes: file.size, label: file.path });
  await pipeline(await entry.open(), hasher.stream, async (source: AsyncIterable<Buffer>) => {
    for await (const _chunk of source);
  });
  assertDigest(hasher.digest(), file);
}

/**
 * Checks everything: the manifest (schema, format, safe names), the id against the contents,
 * every listed file's presence, size and sha256, every wheel as install will check it (zip,
 * RECORD and every entry, names and version, tags against the targets it serves), that nothing
 * else is there (no extra files, links or special files), and that requirements.lock and
 * pylock.toml match the manifest. A bundle that verifies is one that installs.
 * Throws only E_NOT_A_BUNDLE (and E_IO); every other finding is a problem in the report.
 */
export async function verifyBundle(bundlePath: string, options: { limits?: Partial<ArchiveLimits> } = {}): Promise<VerifyReport> {
  let reader: OpenedBundle;
  try {
    reader = await openBundle(bundlePath, { checkId: false, checkEntries: false, limits: options.limits });
  } catch (err: unknown) {
    if (!isPyvendorError(err) || err.code === "E_NOT_A_BUNDLE" || err.code === "E_IO") throw err;
    const kind: BundleKind = bundlePath.endsWith(".zip") ? "zip" : /\.(tar\.gz|tgz)$/.test(bundlePath) ? "tar.gz" : "dir";
    const problem: BundleProblem = { ...problemOf(err, MANIFEST_FILE), path: MANIFEST_FILE };
    if (typeof err.data.path === "string" && err.data.path !== MANIFEST_FILE) problem.pointer = err.data.path;
    return { path: bundlePath, kind, ok: false, verified: 0, problems: [problem] };
  }
  try {
    const problems = await checkContents(reader);
    const actualId = computeBundleId(reader.manifest);
    if (actualId !== reader.manifest.id) {
      problems.unshift({
        code: "E_BUNDLE_ID_MISMATCH",
        path: MANIFEST_FILE,
        message: `the manifest's id ${reader.manifest.id} does not match its contents (${actualId})`,
        expected: reader.manifest.id,
        actual: actualId,
      });
    }
    const verified = problems.length === 0 ? listedFileMap(reader.manifest).size : countVerified(reader.manifest, problems);
    return { path: bundlePath, kind: reader.kind, ok: problems.length === 0, id: reader.manifest.id, verified, problems };
  } finally {
    await reader.close();
  }
}

function countVerified(manifest: Manifest, problems: BundleProblem[]): number {
  const bad = new Set(problems.map((p) => p.path));
  return [...listedFileMap(manifest).keys()].filter((p) => !bad.has(p)).length;
}

/**
 * A listed wheel checked as install will check it: its bytes (spooled to `scratch` from an
 * archive), then its zip, RECORD, names and every entry (verifyWheelFile), then its manifest
 * entry and the targets it serves (checkListedWheel).
 */
async function checkWheel(reader: OpenedBundle, entry: RawEntry, file: ListedFile, scratch: () => Promise<string>): Promise<void> {
  const listed = reader.manifest.packages.flatMap((pkg) => pkg.wheels.filter((w) => `${WHEELS_DIR}/${w.filename}` === file.path).map((wheel) => ({ pkg, wheel })))[0];
  if (!listed) return digestOf(entry, file);
  let wheelPath: string;
  if (reader.storage.kind === "dir") {
    await digestOf(entry, file);
    wheelPath = path.join(reader.storage.path, ...file.path.split("/"));
  } else {
    wheelPath = path.join(await scratch(), listed.wheel.filename);
    await writeVerified(await entry.open(), wheelPath, file);
  }
  try {
    await verifyWheelFile({ wheelPath, sha256: file.sha256, filename: listed.wheel.filename });
  } finally {
    if (reader.storage.kind !== "dir") await rm(wheelPath, { force: true });
  }
  const targets = new Map(reader.manifest.targets.map((t) => [t.id, t]));
  const tags = new Map<string, string[]>();
  checkListedWheel(listed, (id) => {
    const target = targets.get(id);
    if (target && !tags.has(id)) tags.set(id, targetTags(target));
    return tags.get(id);
  });
}

async function checkContents(reader: OpenedBundle): Promise<BundleProblem[]> {
  const { manifest, storage, limits } = reader;
  const problems: BundleProblem[] = [];
  const listed = listedFileMap(manifest);
  const texts = bundleTexts(manifest);
  const present = new Set<string>();
  const check = entryChecker(manifest, limits, { manifestFirst: storage.kind === "tar.gz", archive: storage.kind !== "dir" });
  let tempDir: string | undefined;
  const scratch = async () => (tempDir ??= await mkdtemp(path.join(os.tmpdir(), "pyvendor-verify-")));
  const visit = async (entry: RawEntry): Promise<void> => {
    let name = entry.name;
    try {
      name = normalizeEntryName(entry.name).replace(/\/$/, "");
      present.add(name);
      const checked = check(entry);
      if (checked.role === "listed") await checkWheel(reader, entry, checked.file, scratch);
      else if (checked.role === "derived" || checked.role === "manifest") await checkText(reader, entry, texts.get(checked.path));
    } catch (err: unknown) {
      const problem = problemOf(err, name);
      if (problem.code === "E_ARCHIVE_TOO_LARGE" && storage.kind !== "dir") throw err;
      problems.push(problem);
    }
  };
  try {
    await storage.scan(visit, storage.kind === "tar.gz" ? tarBudget(manifest, limits) : undefined);
  } catch (err: unknown) {
    problems.push(problemOf(err, storage.path));
    return problems;
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
  for (const path of [...listed.keys(), ...DERIVED_FILES]) {
    if (!present.has(path)) {
      problems.push({ code: "E_BUNDLE_FILE_MISSING", path, message: `${path} is listed in the manifest but missing from the bundle` });
    }
  }
  return problems;
}

/** Lock files must equal what the manifest gives; manifest.json must be the bytes read at open. */
async function checkText(reader: OpenedBundle, entry: RawEntry, expected: string | undefined): Promise<void> {
  const name = normalizeEntryName(entry.name);
  const bytes = await readSmall(await entry.open(), reader.limits.maxManifestBytes, name);
  if (name === MANIFEST_FILE) {
    if (createHash("sha256").update(bytes).digest("hex") !== reader.manifestSha256) {
      throw new PyvendorError("E_ARCHIVE_INVALID", `${reader.path} changed while it was being verified`, { data: { path: name } });
    }
    return;
  }
  if (bytes.toString("utf8") !== expected) {
    throw new PyvendorError("E_BUNDLE_LOCKFILE_STALE", `${name} does not match manifest.json`, { data: { path: name } });
  }
}
