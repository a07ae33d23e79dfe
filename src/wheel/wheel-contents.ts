// A wheel's structure checked against the spec before anything is extracted: dist-info, WHEEL, RECORD.
import { PyvendorError } from "../errors.js";
import { scriptEntryPoints } from "./entry-points.js";
import { parseCoreMetadata, parseWheelFile } from "./metadata.js";
import { parseRecord, splitRecordHash } from "./record.js";
import { checkWheelIdentity } from "./wheel-identity.js";
import { readEntry, type OpenZip } from "./zip-entries.js";

/** What the installer needs to know about a wheel, besides its files' bytes. */
export interface WheelContents {
  /** `name-version.dist-info` directory at the archive root. */
  distInfo: string;
  /** `name-version.data` directory name (it may be absent from the archive). */
  dataDir: string;
  rootIsPurelib: boolean;
  name: string;
  version: string;
  /** entry_points.txt text, if the wheel has one. */
  entryPoints?: string;
  /** top_level.txt lines, if the wheel has one. */
  topLevel?: string[];
  /** Every regular file: its archive path, size, RECORD hash and exec bit. */
  files: { path: string; size: number; hash: string; exec: boolean }[];
}

/** RECORD itself and its signatures are the only files RECORD lists without a hash. */
function isUnhashed(distInfo: string, name: string): boolean {
  return name === `${distInfo}/RECORD` || name === `${distInfo}/RECORD.jws` || name === `${distInfo}/RECORD.p7s`;
}

/** The one `.dist-info` directory at the root (whose name checkWheelIdentity then checks). */
function findDistInfo(open: OpenZip, filename: string): string {
  const tops = new Set(open.entries.map((e) => e.name.split("/")[0] as string));
  const infos = [...tops].filter((t) => t.endsWith(".dist-info"));
  if (infos.length !== 1) {
    throw new PyvendorError("E_WHEEL_INVALID", `${filename}: expected one .dist-info directory, found ${infos.length}`);
  }
  return infos[0] as string;
}

/**
 * Checks a wheel's layout and its RECORD against its central directory (every file listed with
 * a permitted hash and its size, every listed file present) and reads its small metadata files.
 * Hash values themselves are checked while extracting. Script entry points are validated too, so
 * the store never keeps a wheel the installer would refuse; so are the names (checkWheelIdentity)
 * and that no path is both a file and a directory. Throws E_WHEEL_INVALID,
 * E_RECORD_MISMATCH, E_UNSAFE_PATH.
 */
export function readWheelContents(open: OpenZip, filename: string): WheelContents {
  const distInfo = findDistInfo(open, filename);
  const byName = new Map(open.entries.filter((e) => !e.isDir).map((e) => [e.name, e]));
  const text = (name: string): string | undefined => {
    const entry = byName.get(`${distInfo}/${name}`);
    return entry ? readEntry(open, entry, undefined, filename).toString("utf8") : undefined;
  };
  const wheelText = text("WHEEL");
  const recordText = text("RECORD");
  const metadataText = text("METADATA");
  if (wheelText === undefined || recordText === undefined || metadataText === undefined) {
    throw new PyvendorError("E_WHEEL_INVALID", `${filename}: ${distInfo} lacks WHEEL, RECORD or METADATA`);
  }
  const wheel = parseWheelFile(wheelText, filename);
  if (!wheel.wheelVersion.startsWith("1.")) {
    // As pip: a newer major version of the format may mean anything.
    throw new PyvendorError("E_WHEEL_INVALID", `${filename}: Wheel-Version ${wheel.wheelVersion} is not supported (1.x is)`);
  }
  const metadata = parseCoreMetadata(metadataText, filename);
  checkWheelIdentity({ filename, distInfo, name: metadata.name, version: metadata.version });
  const rows = new Map(parseRecord(recordText, filename).map((r) => [r.path, r]));
  const files: WheelContents["files"] = [];
  for (const entry of byName.values()) {
    // RECORD and its signatures need not be listed (the spec: signatures cannot be).
    if (isUnhashed(distInfo, entry.name)) {
      files.push({ path: entry.name, size: entry.size, hash: "", exec: false });
      continue;
    }
    const row = rows.get(entry.name);
    const where = `${filename}: ${entry.name}`;
    if (!row) throw new PyvendorError("E_RECORD_MISMATCH", `${where} is not listed in RECORD`, { data: { wheel: filename, file: entry.name } });
    if (!row.hash) throw new PyvendorError("E_RECORD_MISMATCH", `${where} has no hash in RECORD`, { data: { wheel: filename, file: entry.name } });
    splitRecordHash(row.hash, where);
    if (row.size !== String(entry.size)) {
      throw new PyvendorError("E_RECORD_MISMATCH", `${where} is ${entry.size} bytes, RECORD says ${row.size || "nothing"}`, {
        data: { wheel: filename, file: entry.name },
      });
    }
    files.push({ path: entry.name, size: entry.size, hash: row.hash, exec: entry.executable });
  }
  for (const row of rows.values()) {
    if (!byName.has(row.path)) {
      throw new PyvendorError("E_RECORD_MISMATCH", `${filename}: RECORD lists ${row.path}, which the wheel does not contain`, {
        data: { wheel: filename, file: row.path },
      });
    }
  }
  const dirs = new Set(files.flatMap((f) => f.path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
  const clash = files.find((f) => dirs.has(f.path));
  if (clash) throw new PyvendorError("E_WHEEL_INVALID", `${filename}: "${clash.path}" is both a file and a directory`, { data: { wheel: filename, file: clash.path } });
  const entryPoints = text("entry_points.txt");
  if (entryPoints !== undefined) scriptEntryPoints(entryPoints, filename);
  const topLevel = text("top_level.txt");
  return {
    distInfo,
    dataDir: `${distInfo.slice(0, -".dist-info".length)}.data`,
    rootIsPurelib: wheel.rootIsPurelib,
    name: metadata.name,
    version: metadata.version,
    ...(entryPoints !== undefined ? { entryPoints } : {}),
    ...(topLevel !== undefined ? { topLevel: topLevel.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) } : {}),
    files,
  };
}
