// The index bucket (index-v1): release records per (sources, project, version) and file records per URL.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isErrno } from "../errors.js";
import { replaceJson, touchIfStale } from "./atomic.js";

export const INDEX_BUCKET = "index-v1";

/** A file of a release as an index listed it. URLs never carry credentials. */
export interface ReleaseFileRecord {
  filename: string;
  url: string;
  hashes: Record<string, string>;
  size?: number;
  requiresPython?: string;
  yanked: false | string;
  /** PEP 658 metadata file offered, with its hashes (possibly none). */
  coreMetadata?: Record<string, string>;
  /** Redacted URL (or path) of the index or find-links location that listed it. */
  source: string;
}

/** The files of one release as seen through one lookup path (see ReleaseStore.get). */
export interface ReleaseRecord {
  project: string;
  version: string;
  /** Opaque, credential-free description of the lookup path (which indexes were asked). */
  sourceKey: string;
  files: ReleaseFileRecord[];
}

/** What a downloaded URL turned out to contain: the (index, project, filename) → content map. */
export interface FileRecord {
  /** Credential-free URL. */
  url: string;
  /** sha256 and size of the file, once downloaded. */
  sha256?: string;
  size?: number;
  /** sha256 of its PEP 658 metadata file once fetched. */
  metadataSha256?: string;
}

export interface ReleaseStore {
  get(project: string, version: string, sourceKey: string): Promise<ReleaseRecord | undefined>;
  put(record: ReleaseRecord): Promise<void>;
  /** Every record of the release kept on this machine, whatever lookup path wrote it (no remote level). */
  list(project: string, version: string): Promise<ReleaseRecord[]>;
  /** The versions of `project` with a record kept on this machine (no remote level), sorted as text. */
  versions(project: string): Promise<string[]>;
  getFile(url: string): Promise<FileRecord | undefined>;
  /** Merges into the existing record for the URL (later fields win). */
  putFile(record: FileRecord): Promise<void>;
}

const FORMAT = 1;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A path component that cannot escape its directory. */
function safe(component: string): string {
  const cleaned = component.replace(/[^A-Za-z0-9._+!-]+/g, "_");
  return cleaned === "" || cleaned === "." || cleaned === ".." ? `_${digest(component).slice(0, 8)}` : cleaned;
}

async function readRecord<T>(file: string): Promise<T | undefined> {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
    text = await readFile(file, "utf8");
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT")) return undefined;
    throw err;
  }
  const record = parseIndexRecord<T>(text);
  if (record !== undefined) await touchIfStale(file, mtimeMs);
  return record;
}

/** The record in an index-v1 document (as stored locally and remotely), or undefined when damaged or of another format. */
export function parseIndexRecord<T>(text: string): T | undefined {
  try {
    const doc = JSON.parse(text) as { format?: unknown; record?: T };
    if (doc.format !== FORMAT || doc.record === undefined || doc.record === null) return undefined;
    return doc.record;
  } catch {
    return undefined; // A damaged record is as good as none: it will be fetched and replaced.
  }
}

/** The index-v1 document for `record`. */
export function indexRecordDocument(record: ReleaseRecord | FileRecord): string {
  return `${JSON.stringify({ format: FORMAT, record }, null, 1)}\n`;
}

/** Where a release record lives, relative to the cache root, "/"-separated (also its remote key). */
export function releaseRecordKey(project: string, version: string, sourceKey: string): string {
  return `${INDEX_BUCKET}/releases/${safe(project)}/${safe(version)}/${digest(sourceKey).slice(0, 32)}.json`;
}

/** Where the file record of `url` lives, relative to the cache root, "/"-separated (also its remote key). */
export function fileRecordKey(url: string): string {
  const h = digest(url);
  return `${INDEX_BUCKET}/files/${h.slice(0, 2)}/${h}.json`;
}

/** Opens the index bucket under `root`; temp files go to `tmpDir`. */
export function createReleaseStore(root: string, tmpDir: string): ReleaseStore {
  const releasePath = (project: string, version: string, sourceKey: string) =>
    path.join(root, ...releaseRecordKey(project, version, sourceKey).split("/"));
  const filePath = (url: string) => path.join(root, ...fileRecordKey(url).split("/"));
  return {
    async get(project, version, sourceKey) {
      const record = await readRecord<ReleaseRecord>(releasePath(project, version, sourceKey));
      return record && record.sourceKey === sourceKey ? record : undefined;
    },
    async put(record) {
      await replaceJson(tmpDir, releasePath(record.project, record.version, record.sourceKey), { format: FORMAT, record });
    },
    async list(project, version) {
      const dir = path.dirname(releasePath(project, version, ""));
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
      } catch (err: unknown) {
        if (isErrno(err, "ENOENT")) return [];
        throw err;
      }
      const records = await Promise.all(names.map((n) => readRecord<ReleaseRecord>(path.join(dir, n))));
      return records.filter(
        (r): r is ReleaseRecord => r !== undefined && r.project === project && r.version === version && Array.isArray(r.files),
      );
    },
    async versions(project) {
      const dir = path.dirname(path.dirname(releasePath(project, "v", "")));
      let dirs: string[];
      try {
        dirs = (await readdir(dir)).sort();
      } catch (err: unknown) {
        if (isErrno(err, "ENOENT")) return [];
        throw err;
      }
      const found = new Set<string>();
      for (const name of dirs) {
        // The directory holds the version made safe for a path: the records hold it as it is.
        const records = (await readdir(path.join(dir, name)).catch(() => [])).filter((n) => n.endsWith(".json"));
        const record = records[0] === undefined ? undefined : await readRecord<ReleaseRecord>(path.join(dir, name, records[0]));
        if (record?.project === project && typeof record.version === "string") found.add(record.version);
      }
      return [...found].sort();
    },
    async getFile(url) {
      const record = await readRecord<FileRecord>(filePath(url));
      return record && record.url === url ? record : undefined;
    },
    async putFile(record) {
      const file = filePath(record.url);
      const previous = await readRecord<FileRecord>(file);
      const merged = { ...previous, ...record };
      await replaceJson(tmpDir, file, { format: FORMAT, record: merged });
    },
  };
}
