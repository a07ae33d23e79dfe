// Cheap variants of a directory bundle: same wheels (hard links), another version label, so another bundle id.
import { copyFile, link, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { computeBundleId, serializeManifest, type Manifest } from "../../src/bundle/manifest.js";

/** Writes `<outDir>` as a copy of directory bundle `source` whose version label is `version`; returns its id. */
export async function writeVariant(source: string, outDir: string, version: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(source, "manifest.json"), "utf8")) as Manifest;
  const { id: _id, ...rest } = manifest;
  const body = { ...rest, version };
  const variant: Manifest = { ...body, id: computeBundleId(body) };
  await mkdir(path.join(outDir, "wheels"), { recursive: true });
  for (const name of await readdir(path.join(source, "wheels"))) {
    await link(path.join(source, "wheels", name), path.join(outDir, "wheels", name));
  }
  for (const name of await readdir(source)) {
    if (name !== "wheels" && name !== "manifest.json") await copyFile(path.join(source, name), path.join(outDir, name));
  }
  await writeFile(path.join(outDir, "manifest.json"), serializeManifest(variant));
  return variant.id;
}
