// Hand-made archives for hostile-input tests: any entry name, type, mode or declared size.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { bundleTexts } from "../../src/bundle/lockfiles.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import type { BundleFile } from "../../src/bundle/write.js";
import { makeZip } from "../helpers/zip-writer.js";

export interface CraftEntry {
  name: string;
  data?: Buffer;
  /** tar: "file" (default), "directory", "symlink", "link", "character-device", "fifo". zip: file or directory by name. */
  type?: "file" | "directory" | "symlink" | "link" | "character-device" | "fifo";
  linkname?: string;
  /** Unix mode including the file type bits (zip external attributes); default 0o100644. */
  mode?: number;
  /** zip: 8 = deflate (default 0 = stored). */
  method?: 0 | 8;
  /** zip only: lie about the uncompressed size in both headers. */
  declaredSize?: number;
}

/** The entries of a well-formed bundle archive: manifest.json first, then the rest sorted. */
export async function bundleEntries(manifest: Manifest, files: BundleFile[]): Promise<CraftEntry[]> {
  const texts = bundleTexts(manifest);
  const out: CraftEntry[] = [{ name: "manifest.json", data: Buffer.from(texts.get("manifest.json") ?? "") }];
  for (const [name, text] of texts) if (name !== "manifest.json") out.push({ name, data: Buffer.from(text) });
  for (const f of [...files].sort((a, b) => (a.bundlePath < b.bundlePath ? -1 : 1))) {
    out.push({ name: f.bundlePath, data: await readFile(f.source) });
  }
  return out;
}

/** A .tar.gz of the entries, in order, exactly as given. */
export async function craftTarGz(entries: CraftEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const e of entries) {
    const type = e.type ?? "file";
    const data = type === "file" ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type,
        size: data.length,
        mode: (e.mode ?? (type === "directory" ? 0o755 : 0o644)) & 0o7777,
        mtime: new Date(0),
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      };
      pack.entry(header, data, (err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** A .zip of the entries, in order, exactly as given (no name cleaning, sizes may lie). */
export function craftZip(entries: CraftEntry[]): Buffer {
  return makeZip(
    entries.map((e) => {
      const isDir = e.name.endsWith("/") || e.type === "directory";
      return {
        name: e.name,
        data: e.data ?? Buffer.alloc(0),
        method: e.method ?? 0,
        fullMode: e.mode ?? (e.type === "symlink" ? 0o120777 : isDir ? 0o040755 : 0o100644),
        ...(e.declaredSize !== undefined ? { declaredSize: e.declaredSize } : {}),
      };
    }),
  );
}
