// Pins the cache can serve without an index: which cached files of a release may stand in for a lookup.
import type { Cache } from "../cache/cache.js";
import type { ReleaseFileRecord } from "../cache/release-store.js";

/** A file of the release that some index (or find-links location) once listed, with its content in the cache. */
export interface CachedFile {
  record: ReleaseFileRecord;
  sha256: string;
}

/** Why cached files may be served with no request (see chooseCached). */
export type CachedReason = "hash" | "source" | "offline";

export type CachedChoice =
  | { serve: true; files: ReleaseFileRecord[]; reason: CachedReason }
  | { serve: false; sources: string[] };

/**
 * Every file of `project` `version` that a lookup of any index recorded and whose content is in
 * the cache, by sha256 (the index's hash, else the one measured when it was downloaded). One
 * entry per (filename, sha256). No network, except the cache's own remote level for contents.
 */
export async function cachedFiles(cache: Cache, project: string, version: string): Promise<CachedFile[]> {
  const seen = new Set<string>();
  const out: CachedFile[] = [];
  for (const release of await cache.releases.list(project, version)) {
    for (const record of release.files) {
      const local = record.url.startsWith("file:");
      const sha256 = (record.hashes.sha256 ?? (local ? undefined : (await cache.releases.getFile(record.url))?.sha256))?.toLowerCase();
      if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) continue;
      const key = `${record.filename} ${sha256}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if ((await cache.content.get(sha256)) === undefined) continue;
      out.push({ record: { ...record, hashes: { ...record.hashes, sha256 } }, sha256 });
    }
  }
  return out;
}

/**
 * Whether cached files may answer for a pin with no index asked, and which. In order: the files
 * whose sha256 the requirement pins (`hashes`, "algo:hex"; any index may have served them, the
 * hash is the identity); else the files from `sources` (redacted as records keep them: sources no
 * other configured index can shadow, the finder's choice); else, `offline`, any cached file.
 * Otherwise the sources the cached files came from, for the error that names `--offline`.
 */
export function chooseCached(
  cached: CachedFile[],
  options: { hashes: string[]; sources: string[]; offline: boolean },
): CachedChoice {
  const pinned = new Set(options.hashes.map((h) => h.toLowerCase()).filter((h) => h.startsWith("sha256:")).map((h) => h.slice(7)));
  const byHash = cached.filter((c) => pinned.has(c.sha256));
  if (byHash.length > 0) return { serve: true, files: byHash.map((c) => c.record), reason: "hash" };
  const configured = new Set(options.sources);
  const bySource = cached.filter((c) => configured.has(c.record.source));
  if (bySource.length > 0) return { serve: true, files: bySource.map((c) => c.record), reason: "source" };
  if (options.offline && cached.length > 0) return { serve: true, files: cached.map((c) => c.record), reason: "offline" };
  return { serve: false, sources: [...new Set(cached.map((c) => c.record.source))].sort() };
}

