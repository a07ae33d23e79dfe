// The content bucket with the remote level behind it: local first, then S3 (verified by sha256), uploads after local puts.
import type { ContentStore, StoredContent } from "./content-store.js";
import type { RemoteLevel } from "./remote-level.js";
import { contentKey } from "./remote-keys.js";
import { MAX_PUT_BYTES } from "./s3-object-store.js";

/**
 * `local` with `remote` as its second level. get(): a local miss is looked up remotely; what
 * comes back is hashed while it streams into the local store and kept only if its sha256 is the
 * one asked for. putStream()/putFile(): stored locally as before, then uploaded (unless
 * read-only). Remote trouble never changes what the local store would have answered.
 */
export function layerContentStore(local: ContentStore, remote: RemoteLevel): ContentStore {
  const upload = async (stored: StoredContent): Promise<void> => {
    if (stored.size > MAX_PUT_BYTES) return;
    const key = contentKey(stored.sha256);
    await remote.write(key, () => remote.store.put(key, { file: stored.path, policy: "content-addressed" }));
  };
  return {
    pathFor: (sha256) => local.pathFor(sha256),
    async get(sha256, options) {
      const hit = await local.get(sha256, options);
      if (hit) return hit;
      const sha = sha256.toLowerCase();
      const key = contentKey(sha);
      return remote.read(key, async () => {
        const object = await remote.store.get(key);
        if (!object) return undefined;
        const stored = await local.putStream(object.body, {
          name: `remote-${sha.slice(0, 16)}`,
          sha256: sha,
          ...(object.size !== undefined ? { size: object.size } : {}),
        });
        return stored.path;
      });
    },
    async putStream(stream, options) {
      const stored = await local.putStream(stream, options);
      await upload(stored);
      return stored;
    },
    async putFile(file, expected) {
      const stored = await local.putFile(file, expected);
      await upload(stored);
      return stored;
    },
  };
}
