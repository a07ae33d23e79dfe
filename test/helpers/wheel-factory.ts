// Generated test wheels: any layout (.data dirs, scripts, odd names, modes), with a correct RECORD.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeZip, type ZipEntrySpec } from "./zip-writer.js";

export interface WheelFileSpec {
  /** Path inside the wheel (for `.data/`, write `{data}/scripts/x`; `{data}` and `{info}` expand). */
  path: string;
  data?: string | Buffer;
  mode?: number;
  symlink?: boolean;
}

export interface WheelSpec {
  name: string;
  version: string;
  tag?: string;
  rootIsPurelib?: boolean;
  files: WheelFileSpec[];
  /** The WHEEL file's text (default: Wheel-Version 1.0, Root-Is-Purelib, one Tag line of `tag`). */
  wheelFile?: string;
  /** Extra METADATA lines (Requires-Dist: ..., Requires-Python: ...). */
  metadata?: string[];
  /** METADATA `Name:` when it must differ from `name` (the file name and .dist-info keep `name`). */
  metadataName?: string;
  /** METADATA `Version:` when it must differ from `version`. */
  metadataVersion?: string;
  /** The project name of the `.dist-info` and `.data` directories when it must differ from `name`. */
  distInfoName?: string;
  /** The whole `.dist-info` directory name, as written (no escaping): overrides name, version and distInfoName. */
  distInfoDir?: string;
  /** The whole `.data` directory name, as written (no escaping). */
  dataDir?: string;
  entryPoints?: string;
  topLevel?: string[];
  /** Change the archive after RECORD is computed: corrupt, add unlisted entries... */
  tamper?: (entries: ZipEntrySpec[], record: string) => { entries: ZipEntrySpec[]; record: string };
}

export interface BuiltWheel {
  path: string;
  filename: string;
  name: string;
  sha256: string;
}

function digest(data: Buffer): string {
  return `sha256=${createHash("sha256").update(data).digest("base64url")}`;
}

/** A RECORD field with minimal quoting, as Python's csv module writes it. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes `<escaped name>-<version>-<tag>.whl` into `outDir` and returns its path and sha256. */
export async function buildWheel(spec: WheelSpec, outDir: string): Promise<BuiltWheel> {
  const escaped = spec.name.replace(/[-_.]+/g, "_");
  const infoName = (spec.distInfoName ?? spec.name).replace(/[-_.]+/g, "_");
  const info = spec.distInfoDir ?? `${infoName}-${spec.version}.dist-info`;
  const dataDir = spec.dataDir ?? `${infoName}-${spec.version}.data`;
  // Function replacers: a hostile directory name may hold `$&` and the like.
  const expand = (p: string) => p.replace("{data}", () => dataDir).replace("{info}", () => info);
  const tag = spec.tag ?? "py3-none-any";
  const files: WheelFileSpec[] = [
    ...spec.files.map((f) => ({ ...f, path: expand(f.path) })),
    { path: `${info}/METADATA`, data: ["Metadata-Version: 2.1", `Name: ${spec.metadataName ?? spec.name}`, `Version: ${spec.metadataVersion ?? spec.version}`, ...(spec.metadata ?? []), "", ""].join("\n") },
    { path: `${info}/WHEEL`, data: spec.wheelFile ?? `Wheel-Version: 1.0\nGenerator: pyvendor-tests\nRoot-Is-Purelib: ${spec.rootIsPurelib ?? true}\nTag: ${tag}\n\n` },
  ];
  if (spec.entryPoints) files.push({ path: `${info}/entry_points.txt`, data: spec.entryPoints });
  if (spec.topLevel) files.push({ path: `${info}/top_level.txt`, data: `${spec.topLevel.join("\n")}\n` });
  let entries: ZipEntrySpec[] = files.map((f) => ({
    name: f.path,
    data: f.data ?? "",
    ...(f.mode !== undefined ? { mode: f.mode } : {}),
    ...(f.symlink ? { symlink: true } : {}),
  }));
  let record = entries
    .map((e) => {
      const buf = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? "");
      return `${csvField(e.name)},${digest(buf)},${buf.length}\n`;
    })
    .join("") + `${csvField(`${info}/RECORD`)},,\n`;
  if (spec.tamper) ({ entries, record } = spec.tamper(entries, record));
  entries.push({ name: `${info}/RECORD`, data: record });
  const body = makeZip(entries);
  const filename = `${escaped}-${spec.version}-${tag}.whl`;
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, filename);
  await writeFile(file, body);
  return { path: file, filename, name: spec.name, sha256: createHash("sha256").update(body).digest("hex") };
}
