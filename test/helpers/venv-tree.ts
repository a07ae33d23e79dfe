// Snapshots of a venv tree for comparing two venvs: type, mode, content (venv path replaced), RECORD rows.
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";

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
