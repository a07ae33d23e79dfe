// Writes a bundle directory incrementally and atomically: unchanged files are hardlinked, then swapped in.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, link, lstat, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { isErrno, PyvendorError } from "../errors.js";
import { digestFile, writeVerified, type ExpectedFile } from "./hash.js";
import { compareText, DERIVED_FILES, listedFileMap, MANIFEST_FILE, SOURCES_DIR, WHEELS_DIR, type ListedFile } from "./layout.js";
import type { Manifest } from "./manifest.js";
import { readExistingManifest } from "./read.js";
import { userPathError } from "../user-paths.js";
import { trackScratch, uninterruptible } from "../interrupt.js";
import { pathExists } from "../path-exists.js";

export interface DirWriteInput {
  /** Absolute path of the bundle directory. */
  output: string;
  listed: ListedFile[];
  /** Bundle path → file on disk; may omit files the existing bundle already has. */
  sources: Map<string, string>;
  /** manifest.json, requirements.lock, pylock.toml → their text. */
  texts: Map<string, string>;
}

export interface DirWriteResult {
  written: string[];
  reused: string[];
  removed: string[];
}

/** The sibling paths used while writing `output`: the new tree being built, the old one being retired. */
export function stagingPaths(output: string): { staging: string; retired: string } {
  const parent = path.dirname(output);
  const base = path.basename(output);
  return { staging: path.join(parent, `.${base}.pyvendor-new`), retired: path.join(parent, `.${base}.pyvendor-old`) };
}


/**
 * Finishes or undoes a write that was killed: if `output` is gone between the two renames of a
 * swap, the complete new tree (it has manifest.json, written last) or else the old one is put
 * back; leftover staging trees are removed. Not safe against two writers of one output at once.
 */
export async function recoverInterruptedWrite(output: string): Promise<void> {
  const { staging, retired } = stagingPaths(output);
  if (!(await pathExists(output)) && (await pathExists(retired))) {
    await rename((await pathExists(path.join(staging, MANIFEST_FILE))) ? staging : retired, output);
  }
  await rm(staging, { recursive: true, force: true });
  await rm(retired, { recursive: true, force: true });
}

type OutputState = { kind: "absent" } | { kind: "empty" } | { kind: "bundle"; manifest: Manifest };

async function inspectOutput(output: string): Promise<OutputState> {
  let info;
  try {
    info = await lstat(output);
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return { kind: "absent" };
    throw err;
  }
  const refuse = (why: string, cause?: unknown) =>
    new PyvendorError("E_OUTPUT_EXISTS", `${output} ${why}`, { cause, data: { path: output } });
  if (!info.isDirectory()) throw refuse("exists and is not a directory");
  if ((await readdir(output)).length === 0) return { kind: "empty" };
  let manifest: Manifest | undefined;
  try {
    manifest = await readExistingManifest(output);
  } catch (err: unknown) {
    throw refuse("holds a bundle whose manifest cannot be read", err);
  }
  if (!manifest) throw refuse("is a directory that is not empty and not a bundle");
  return { kind: "bundle", manifest };
}

/**
 * Throws E_OUTPUT_EXISTS when `output` holds something a bundle may not replace (a file, a
 * non-empty directory that is not a bundle, a bundle whose manifest cannot be read); writes nothing.
 */
export async function checkDirOutput(output: string): Promise<void> {
  try {
    await inspectOutput(output);
  } catch (err: unknown) {
    throw userPathError(err, output, "write the bundle");
  }
}

/** Every file and directory under `root`, relative with "/" (directories end with "/"). */
async function listTree(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const dirent of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const name = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
    if (dirent.isDirectory()) out.push(`${name}/`, ...(await listTree(root, name)));
    else out.push(name);
  }
  return out;
}

/** The old file, when it is a regular file with exactly the expected content. */
async function reusable(oldRoot: string, file: ListedFile): Promise<string | undefined> {
  const full = path.join(oldRoot, ...file.path.split("/"));
  try {
    const info = await lstat(full);
    if (!info.isFile() || info.size !== file.size) return undefined;
    const digest = await digestFile(full, { maxBytes: file.size });
    return digest.sha256 === file.sha256 ? full : undefined;
  } catch {
    return undefined;
  }
}

async function sameText(file: string, text: string): Promise<boolean> {
  try {
    const info = await lstat(file);
    return info.isFile() && (await readFile(file, "utf8")) === text;
  } catch {
    return false;
  }
}

/**
 * Writes the bundle into `output`. A new tree is built next to it (reused files hardlinked from
 * the old bundle, so their inode and mtime stay; new files copied and verified), then swapped in
 * with two renames. Throws E_OUTPUT_EXISTS for a non-empty directory that is not a bundle,
 * E_BUNDLE_FILE_MISSING for a file with no source and no reusable copy, E_HASH_MISMATCH /
 * E_BUNDLE_SIZE_MISMATCH for a source that does not match the manifest.
 */
export async function writeDirBundle(input: DirWriteInput): Promise<DirWriteResult> {
  const { output } = input;
  await mkdir(path.dirname(output), { recursive: true });
  await recoverInterruptedWrite(output);
  const state = await inspectOutput(output);
  const old = state.kind === "bundle" ? listedFileMap(state.manifest) : new Map<string, ListedFile>();
  const { staging, retired } = stagingPaths(output);
  const written: string[] = [];
  const reused: string[] = [];
  const release = trackScratch(staging);
  try {
    await mkdir(staging);
    const dirs = [WHEELS_DIR, ...(input.listed.some((f) => f.path.startsWith(`${SOURCES_DIR}/`)) ? [SOURCES_DIR] : [])];
    for (const dir of ["", ...dirs]) {
      await mkdir(path.join(staging, dir), { recursive: true });
      await chmod(path.join(staging, dir), 0o755);
    }
    for (const file of input.listed) {
      const dest = path.join(staging, ...file.path.split("/"));
      const previous = old.get(file.path)?.sha256 === file.sha256 ? await reusable(output, file) : undefined;
      if (previous !== undefined) {
        await linkOrCopy(previous, dest, file);
        reused.push(file.path);
        continue;
      }
      const source = input.sources.get(file.path);
      if (source === undefined) {
        throw new PyvendorError("E_BUNDLE_FILE_MISSING", `no file was given for ${file.path} and ${output} does not have it`, {
          data: { path: file.path },
        });
      }
      await writeVerified(createReadStream(source), dest, file);
      written.push(file.path);
    }
    // manifest.json last: its presence marks the staging tree as complete (see recoverInterruptedWrite).
    for (const name of [...DERIVED_FILES, MANIFEST_FILE]) {
      const text = input.texts.get(name);
      if (text === undefined) throw new Error(`writeDirBundle: no text for ${name}`);
      const dest = path.join(staging, name);
      if (state.kind === "bundle" && (await sameText(path.join(output, name), text))) {
        await linkOrCopy(path.join(output, name), dest, { path: name, size: Buffer.byteLength(text), sha256: sha256Text(text) });
        reused.push(name);
      } else {
        await writeFile(`${dest}.part`, text, { mode: 0o644, flag: "wx" });
        await chmod(`${dest}.part`, 0o644);
        await rename(`${dest}.part`, dest);
        written.push(name);
      }
    }
    const removed = state.kind === "bundle" ? await removedFiles(output, staging) : [];
    // An interrupt waits for the swap: the output is then the old bundle or the new one, whole.
    await uninterruptible(async () => {
      if (state.kind === "bundle") {
        await rename(output, retired);
        await rename(staging, output);
      } else {
        if (state.kind === "empty") await rmdir(output);
        await rename(staging, output);
      }
      release();
    });
    if (state.kind === "bundle") await rm(retired, { recursive: true, force: true });
    return { written: written.sort(compareText), reused: reused.sort(compareText), removed };
  } catch (err: unknown) {
    release();
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Hardlinks an unchanged file into the new tree (same inode, same mtime: git sees no change);
 * copies it where the filesystem has no hardlinks. Mode is set to 0644 if it was not.
 */
async function linkOrCopy(from: string, to: string, expected: ExpectedFile): Promise<void> {
  try {
    await link(from, to);
  } catch (err: unknown) {
    if (!isErrno(err, "EPERM") && !isErrno(err, "ENOTSUP") && !isErrno(err, "EXDEV") && !isErrno(err, "EMLINK")) throw err;
    await writeVerified(createReadStream(from), to, expected);
  }
  if (((await lstat(to)).mode & 0o777) !== 0o644) await chmod(to, 0o644);
}

const sha256Text = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

async function removedFiles(oldRoot: string, newRoot: string): Promise<string[]> {
  const fresh = new Set(await listTree(newRoot));
  return (await listTree(oldRoot)).filter((p) => !p.endsWith("/") && !fresh.has(p)).sort(compareText);
}
