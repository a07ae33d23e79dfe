// Bundles written as given, past the writer's checks: a hostile manifest next to its files, in any form.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundleTexts } from "../../src/bundle/lockfiles.js";
import { computeBundleId, serializeManifest, type Manifest } from "../../src/bundle/manifest.js";
import { relativePathProblem } from "../../src/standards/path-component.js";
import { craftTarGz, craftZip, type CraftEntry } from "../bundle/craft.js";
import type { BundleForm } from "./hostile-bundle.js";

export interface RawBundleOptions {
  /** The manifest the writer would write (valid); the derived lock files come from it. */
  honest: Manifest;
  /** The manifest to write instead (any content; its id is recomputed). */
  hostile: Manifest;
  /** Bundle path ("wheels/x.whl", possibly hostile) → file on disk. */
  files: Map<string, string>;
  form: BundleForm;
  /** The path to write: a directory for "dir", else the archive file. */
  output: string;
}

/**
 * True when `rel` can be written under a directory bundle without leaving it: a name the reader
 * would refuse is simply left out (the install must then refuse the bundle, not the test write it).
 */
function writableInside(rel: string): boolean {
  return relativePathProblem(rel) === undefined && !rel.endsWith("/") && !/[\u0000]/.test(rel);
}

/**
 * Writes the bundle: manifest.json from `hostile` (canonical JSON, id recomputed), the lock
 * files of `honest`, and every file under its (possibly hostile) bundle path. Directory bundles
 * skip paths that would leave the directory or that the file system refuses. Returns false when
 * the archive library refuses an entry (nothing to install then).
 */
export async function writeRawBundle(options: RawBundleOptions): Promise<boolean> {
  const { id: _id, ...rest } = options.hostile;
  const manifest = { ...rest, id: computeBundleId(rest) } as Manifest;
  const entries: CraftEntry[] = [{ name: "manifest.json", data: Buffer.from(serializeManifest(manifest)) }];
  for (const [name, text] of bundleTexts(options.honest)) if (name !== "manifest.json") entries.push({ name, data: Buffer.from(text) });
  for (const [rel, source] of options.files) entries.push({ name: rel, data: await readFile(source) });
  if (options.form === "dir") {
    for (const e of entries) {
      if (!writableInside(e.name)) continue;
      const file = path.join(options.output, ...e.name.split("/"));
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, e.data ?? "");
      } catch {
        // ENAMETOOLONG and the like: the bundle then lacks the file.
      }
    }
    return true;
  }
  let bytes: Buffer;
  try {
    bytes = options.form === "zip" ? craftZip(entries) : await craftTarGz(entries);
  } catch {
    return false;
  }
  await mkdir(path.dirname(options.output), { recursive: true });
  await writeFile(options.output, bytes);
  return true;
}
