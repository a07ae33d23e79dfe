// A release's record (what it is, where from, by whom) and its file list, and the cheap check that a release is intact.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { lstat, readdir, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { FILES_LIST, RECORD_FILE } from "./layout.js";
import { writeRootFile } from "./write-atomic.js";

/** `.pyvendor-release.json`, version 1. Written last: a release without it is incomplete. */
export interface ReleaseRecord {
  format: 1;
  /** The release directory's name under releases/. */
  release: string;
  bundleId: string;
  name: string | null;
  version: string | null;
  /** Absolute path of the bundle it was installed from. */
  bundle: string;
  /** ISO-8601 time the release was completed. */
  installedAt: string;
  /** The pyvendor version that installed it. */
  pyvendor: string;
  python: { executable: string; realExecutable: string; version: string; target: string };
  relocatable: boolean;
  /** The --check commands it passed before it was first switched to. */
  checks: string[];
  packages: { name: string; version: string }[];
  /** The file list: its sha256, file count and total bytes. */
  files: { sha256: string; count: number; bytes: number };
}

/** `.pyvendor-files`: every regular file (path, size) and symlink (path, target) of the venv. */
interface FileList {
  format: 1;
  files: [string, number][];
  links: [string, string][];
}

async function walk(root: string, rel: string, out: FileList): Promise<void> {
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && (entry.name === RECORD_FILE || entry.name === FILES_LIST)) continue;
    if (entry.isDirectory()) await walk(root, name, out);
    else if (entry.isSymbolicLink()) out.links.push([name, await readlink(path.join(root, name))]);
    else if (entry.isFile()) out.files.push([name, (await lstat(path.join(root, name))).size]);
  }
}

/** Lists every file of the venv in `dir` into `dir/.pyvendor-files`; returns what the record keeps of it. */
export async function writeFileList(dir: string): Promise<ReleaseRecord["files"]> {
  const list: FileList = { format: 1, files: [], links: [] };
  await walk(dir, "", list);
  list.files.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  list.links.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const text = `${JSON.stringify(list)}\n`;
  await writeFile(path.join(dir, FILES_LIST), text, { flag: "wx" });
  return {
    sha256: createHash("sha256").update(text).digest("hex"),
    count: list.files.length + list.links.length,
    bytes: list.files.reduce((sum, [, size]) => sum + size, 0),
  };
}

/** Writes the record into a finished release (atomically: the release counts as complete once it is there). */
export async function writeRecord(dir: string, record: ReleaseRecord): Promise<void> {
  await writeRootFile(path.join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record of the release in `dir`, or undefined when it has none or it is unreadable. */
export function readRecord(dir: string): ReleaseRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, RECORD_FILE), "utf8")) as ReleaseRecord;
    return record.format === 1 && typeof record.bundleId === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the release in `dir` is not intact, or undefined when it is: its record names
 * `bundleId` (when given), its file list matches the record's digest, every listed file has its
 * size and every listed symlink its target, and bin/python resolves to a file. `quick` (for
 * rollback, which must take milliseconds) checks the sizes of the files in bin/ only — the
 * scripts users run — instead of every file: a release is immutable and was checked file by file
 * when it was installed; installing its bundle again checks every file.
 */
export function releaseProblem(dir: string, bundleId?: string, options: { quick?: boolean } = {}): string | undefined {
  const record = readRecord(dir);
  if (!record) return "it has no readable record";
  if (bundleId !== undefined && record.bundleId !== bundleId) return `its record names bundle ${record.bundleId}`;
  let text: string;
  try {
    text = readFileSync(path.join(dir, FILES_LIST), "utf8");
  } catch {
    return "its file list is missing";
  }
  if (createHash("sha256").update(text).digest("hex") !== record.files.sha256) return "its file list was changed";
  const list = JSON.parse(text) as FileList;
  for (const [name, size] of options.quick ? list.files.filter(([n]) => n.startsWith("bin/")) : list.files) {
    // Names come from our own list (relative, normalized): plain concatenation is enough.
    const st = lstatSync(`${dir}/${name}`, { throwIfNoEntry: false });
    if (!st) return `${name} is missing`;
    if (!st.isFile() || st.size !== size) return `${name} changed`;
  }
  for (const [name, target] of list.links) {
    try {
      if (readlinkSync(path.join(dir, name)) !== target) return `${name} changed`;
    } catch {
      return `${name} is missing`;
    }
  }
  try {
    if (!statSync(path.join(dir, "bin", "python")).isFile()) return "bin/python is not a file";
  } catch {
    return "its interpreter bin/python does not resolve (was the base Python removed?)";
  }
  return undefined;
}
