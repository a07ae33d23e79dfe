// The index bucket with the remote level behind it: release and file records shared, so a worker needs no index request.
import type { Readable } from "node:stream";
import type { RemoteLevel } from "./remote-level.js";
import { RemoteFailure } from "./remote-failure.js";
import { fileRecordKey, releaseRecordKey } from "./remote-keys.js";
import { indexRecordDocument, parseIndexRecord, type FileRecord, type ReleaseRecord, type ReleaseStore } from "./release-store.js";

/** Records are small; anything larger than this is not one. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** The whole body as text; throws RemoteFailure("integrity") past `limit` bytes. */
export async function readSmallBody(body: Readable, what: string, limit = MAX_RECORD_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > limit) {
      body.destroy();
      throw new RemoteFailure("integrity", `${what} is larger than ${limit} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `local` with `remote` as its second level: a record missing locally is fetched, checked (its
 * format, and that it answers the question asked: same source key / URL) and stored locally;
 * records written locally are uploaded (replacing the remote copy, as --refresh does locally).
 */
export function layerReleaseStore(local: ReleaseStore, remote: RemoteLevel): ReleaseStore {
  async function fetchRecord<T>(key: string, valid: (record: T) => boolean): Promise<T | undefined> {
    const object = await remote.store.get(key);
    if (!object) return undefined;
    const record = parseIndexRecord<T>(await readSmallBody(object.body, key));
    if (record === undefined || !valid(record)) throw new RemoteFailure("integrity", `${key} is not a valid index record`);
    return record;
  }
  const upload = (key: string, record: ReleaseRecord | FileRecord) =>
    remote.write(key, () =>
      remote.store.put(key, { bytes: Buffer.from(indexRecordDocument(record)), policy: "replace", contentType: "application/json" }),
    );

  return {
    async get(project, version, sourceKey) {
      const hit = await local.get(project, version, sourceKey);
      if (hit) return hit;
      const key = releaseRecordKey(project, version, sourceKey);
      return remote.read(key, async () => {
        const record = await fetchRecord<ReleaseRecord>(key, (r) => r.sourceKey === sourceKey && Array.isArray(r.files));
        if (record) await local.put(record);
        return record;
      });
    },
    list: (project, version) => local.list(project, version),
    versions: (project) => local.versions(project),
    async put(record) {
      await local.put(record);
      await upload(releaseRecordKey(record.project, record.version, record.sourceKey), record);
    },
    async getFile(url) {
      const hit = await local.getFile(url);
      if (hit) return hit;
      const key = fileRecordKey(url);
      return remote.read(key, async () => {
        const record = await fetchRecord<FileRecord>(key, (r) => r.url === url);
        if (record) await local.putFile(record);
        return record;
      });
    },
    async putFile(record) {
      await local.putFile(record);
      const merged = await local.getFile(record.url);
      if (merged) await upload(fileRecordKey(record.url), merged);
    },
  };
}
