// The project listings a resolution read, kept in the cache, so that the same resolution runs again
// with the index down (`--offline`): `<cache>/listings-v1/<key>.json`, one per project and indexes.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { replaceJson } from "../cache/atomic.js";
import { LISTINGS_BUCKET, type Cache } from "../cache/cache.js";
import { PyvendorError, isErrno, isPyvendorError } from "../errors.js";
import type { DistributionFile, Finder } from "../package-index/finder.js";
import type { IndexSettings } from "../package-index/settings.js";

interface ListingRecord {
  project: string;
  files: DistributionFile[];
}

/** The file of `project`'s listing from these indexes and find-links (credentials only hashed). */
function listingFile(cache: Cache, settings: IndexSettings, project: string): string {
  const key = createHash("sha256")
    .update(JSON.stringify({ project, indexes: [settings.indexUrl, ...settings.extraIndexUrls], findLinks: settings.findLinks }))
    .digest("hex");
  return path.join(cache.dir, LISTINGS_BUCKET, `${key}.json`);
}

/**
 * Every file of `project` (yanked ones too): online from `finder` (and recorded), offline from the
 * record of an earlier lookup through the same indexes. An unknown project is `[]` online (and
 * recorded as such). Throws E_OFFLINE_MISSING offline without a record, and the finder's errors.
 */
export async function projectFiles(project: string, context: { finder: Finder; cache: Cache; settings: IndexSettings }): Promise<DistributionFile[]> {
  const file = listingFile(context.cache, context.settings, project);
  if (context.settings.offline) {
    try {
      return (JSON.parse(await readFile(file, "utf8")) as ListingRecord).files;
    } catch (err: unknown) {
      if (!isErrno(err, "ENOENT")) throw err;
      throw new PyvendorError("E_OFFLINE_MISSING", `Working offline and the cache has no listing of ${project} from these indexes`, {
        data: { missing: [{ kind: "listing", project }] },
      });
    }
  }
  let files: DistributionFile[];
  try {
    files = await context.finder.listFiles(project, { includeYanked: true });
  } catch (err: unknown) {
    if (!isPyvendorError(err, "E_PACKAGE_NOT_FOUND")) throw err;
    files = [];
  }
  await replaceJson(context.cache.tmpDir, file, { project, files } satisfies ListingRecord);
  return files;
}
