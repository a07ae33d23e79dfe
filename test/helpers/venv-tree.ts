// Snapshots of a venv tree for comparing two venvs (type, mode, content with the venv path replaced, RECORD rows), and file hashes of a tree.
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { wheelDifferences } from "../../src/wheel/wheel-diff.js";

export interface TreeEntry {
  type: "file" | "dir" | "symlink";
  mode: string;
  /** File content with the venv's own path replaced by <VENV>, or the link target. */
  content?: string;
}

export interface SnapshotOptions {
  /** Skip entries whose `/`-separated relative path matches. */
  ignore?: (rel: string) => boolean;
  /** Path to replace by <VENV> in contents (default: the root itself). */
  venvPath?: string;
}

/** Every entry under `root` keyed by relative path. RECORD files become their sorted rows. */
export async function snapshot(root: string, options: SnapshotOptions = {}): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const venv = options.venvPath ?? root;
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(root, rel))).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      if (options.ignore?.(child)) continue;
      const full = path.join(root, child);
      const st = await lstat(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.set(child, { type: "symlink", mode: "", content: await readlink(full) });
      else if (st.isDirectory()) {
        out.set(child, { type: "dir", mode });
        await walk(child);
      } else {
        let content = (await readFile(full)).toString("latin1").split(venv).join("<VENV>");
        if (name === "RECORD") content = content.split(/\r?\n/).filter(Boolean).sort().join("\n");
        out.set(child, { type: "file", mode, content });
      }
    }
  };
  await walk("");
  return out;
}

/** Human-readable differences between two snapshots (empty when equal). */
export function diffSnapshots(a: Map<string, TreeEntry>, b: Map<string, TreeEntry>, labels = ["ours", "pip"]): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x) diffs.push(`only in ${labels[1]}: ${key}`);
    else if (!y) diffs.push(`only in ${labels[0]}: ${key}`);
    else if (x.type !== y.type || x.mode !== y.mode) diffs.push(`${key}: ${x.type} ${x.mode} vs ${y.type} ${y.mode}`);
    else if (x.content !== y.content) diffs.push(`${key}: content differs\n--- ${labels[0]}\n${x.content}\n--- ${labels[1]}\n${y.content}`);
  }
  return diffs.sort();
}

/** Paths pip and pyvendor legitimately differ on, left out of snapshots: bytecode, pip's direct_url.json. */
export const allowedPipDifference = (rel: string): boolean => rel.endsWith("/__pycache__") || rel.endsWith("/direct_url.json");

/**
 * RECORD rows pip and pyvendor legitimately differ on: bytecode, direct_url.json, INSTALLER's
 * hash, and the one pip quirk we do not copy: pip keeps the RECORD row of a `.data/scripts` file
 * it skips (because an entry point has its name) under its archive path, a file never installed.
 */
export function normalizePipRecord(content: string | undefined): string | undefined {
  return content
    ?.split("\n")
    .filter((row) => !row.includes("__pycache__") && !row.includes("direct_url.json") && !/^[^/]+\.data\/scripts\//.test(row))
    // INSTALLER differs by design; scripts embed each venv's own path (checked on disk).
    .map((row) => (row.includes(".dist-info/INSTALLER,") ? row.replace(/,sha256=.*$/, ",<installer>") : row))
    .map((row) => (row.startsWith("../../../bin/") ? row.replace(/,sha256=[^,]*,/, ",<hash>,") : row))
    .join("\n");
}

/** Makes a snapshot comparable with pip's: INSTALLER's content and RECORD rows by normalizePipRecord. */
export function normalizeForPip(snap: Map<string, TreeEntry>): void {
  for (const [key, entry] of snap) {
    if (key.endsWith(".dist-info/INSTALLER")) entry.content = "<installer>";
    if (key.endsWith(".dist-info/RECORD")) entry.content = normalizePipRecord(entry.content);
  }
}

/** Every file under `root` by relative path, with its sha256 (for byte-for-byte comparisons of bundles). */
export async function fileHashes(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(path.relative(root, full), createHash("sha256").update(await readFile(full)).digest("hex"));
    }
  };
  await walk(root);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * How two bundle directories differ, a line per file: files present in one only, and per wheel
 * that differs, each entry that differs and how (wheelDifferences). Empty when byte-identical.
 */
export async function bundleDifferences(a: string, b: string): Promise<string[]> {
  const [x, y] = [await fileHashes(a), await fileHashes(b)];
  const out: string[] = [];
  for (const file of new Set([...x.keys(), ...y.keys()])) {
    if (!x.has(file) || !y.has(file)) out.push(`${file}: only in ${x.has(file) ? a : b}`);
    else if (x.get(file) !== y.get(file)) {
      const entries = file.endsWith(".whl") ? await wheelDifferences(path.join(a, file), path.join(b, file)) : [];
      out.push(`${file}: ${entries.map((d) => `${d.path} (${d.what})`).join(", ") || "differs"}`);
    }
  }
  return out.sort();
}
