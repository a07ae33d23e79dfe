// Minimal wheels and sdists with any name, version and Requires-Python, for index and cache tests.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Archiver, ArchiverOptions } from "archiver";

// archiver 7's runtime export is a factory; @types/archiver 8 describes classes, so load it untyped.
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: ArchiverOptions) => Archiver;

export interface TinyDistOptions {
  name: string;
  version: string;
  requiresPython?: string;
  dependencies?: string[];
  /** Wheel tag (default py3-none-any). */
  tag?: string;
  /** Extra random payload bytes (incompressible), to make the file bigger than one progress tick. */
  padding?: number;
}

function metadata(o: TinyDistOptions): string {
  const lines = ["Metadata-Version: 2.1", `Name: ${o.name}`, `Version: ${o.version}`];
  if (o.requiresPython) lines.push(`Requires-Python: ${o.requiresPython}`);
  for (const d of o.dependencies ?? []) lines.push(`Requires-Dist: ${d}`);
  return `${lines.join("\n")}\n\n`;
}

/** Writes `<name>-<version>-<tag>.whl` into `dir` and returns its path. */
export async function makeWheel(dir: string, o: TinyDistOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const dist = o.name.replace(/[-_.]+/g, "_");
  const file = path.join(dir, `${dist}-${o.version}-${o.tag ?? "py3-none-any"}.whl`);
  const zip = archiver("zip", { zlib: { level: 1 } });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on("close", () => resolve());
    zip.on("error", reject);
    zip.pipe(out);
  });
  const info = `${dist}-${o.version}.dist-info`;
  const date = new Date("2024-01-01T00:00:00Z");
  const padding = randomBytes(o.padding ?? 0).toString("base64");
  zip.append(`# ${o.name}\nVALUE = ${JSON.stringify(padding)}\n`, { name: `${dist}/__init__.py`, date });
  zip.append(metadata(o), { name: `${info}/METADATA`, date });
  zip.append("Wheel-Version: 1.0\nGenerator: tiny-dist\nRoot-Is-Purelib: true\nTag: py3-none-any\n", { name: `${info}/WHEEL`, date });
  zip.append("", { name: `${info}/RECORD`, date });
  await zip.finalize();
  await done;
  return file;
}

/** Writes a (not buildable) `<name>-<version>.tar.gz`-named file into `dir`; for listing and download tests. */
export async function makeSdist(dir: string, o: TinyDistOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${o.name.replace(/[-_.]+/g, "_")}-${o.version}.tar.gz`);
  await writeFile(file, `${metadata(o)}${"y".repeat(o.padding ?? 0)}`);
  return file;
}
