// The resolver's provider backed by package indexes: versions from the Simple API, dependencies from
// each release's core metadata (a PEP 658 file, else a wheel's METADATA, else the sdist's, built).
import { PyvendorError } from "../errors.js";
import { downloadFiles, fetchCoreMetadata, type DownloadResult, type FetchContext } from "../package-index/fetch.js";
import type { DistributionFile, Finder } from "../package-index/finder.js";
import type { CandidateVersion, ResolverProvider, VersionDependencies } from "../resolve/index.js";
import { parseCoreMetadata } from "../standards/metadata.js";
import { normalizeName } from "../standards/names.js";
import { isValidVersion, normalizeVersion } from "../standards/version.js";
import { readWheelMetadata } from "../wheel/read-metadata.js";
import { projectFiles } from "./listings.js";

export interface IndexProviderOptions {
  finder: Finder;
  /** Downloads and PEP 658 files go through this (its cache: a second lock needs no index for them). */
  fetch: FetchContext;
  /**
   * Wheel file names best first for the target (a wheel's METADATA is read from the best one when
   * the index serves no metadata file). Default: the order the index lists them.
   */
  rankWheels?: (wheels: DistributionFile[]) => DistributionFile[];
  /**
   * The core metadata (METADATA text) of a downloaded sdist, for releases that have no wheel:
   * PEP 517 prepare_metadata_for_build_wheel or a build. Without it such a release is refused.
   */
  sdistMetadata?: (sdist: DownloadResult) => Promise<string>;
  /** The target ids that none of a release's files can serve (CandidateVersion.unusableFor). Default: none. */
  unusableFor?: (name: string, files: DistributionFile[]) => string[];
}

function byVersion(files: DistributionFile[]): Map<string, DistributionFile[]> {
  const out = new Map<string, DistributionFile[]>();
  for (const f of files) {
    if (!isValidVersion(f.version)) continue;
    const v = normalizeVersion(f.version);
    const list = out.get(v);
    if (list) list.push(f);
    else out.set(v, [f]);
  }
  return out;
}

/** One Requires-Python for a release: the one its files agree on, else none (the metadata decides). */
function sharedRequiresPython(files: DistributionFile[]): string | undefined {
  const values = new Set(files.map((f) => f.requiresPython ?? ""));
  const [only] = values;
  return values.size === 1 && only ? only : undefined;
}

/**
 * A ResolverProvider over `options.finder`'s indexes. `versions(name)` lists every release (yanked
 * ones marked yanked: a release is yanked when all its files are), an unknown project as none.
 * `dependencies(name, version)` reads the release's core metadata: the PEP 658 file of a wheel
 * when the index serves one, else the METADATA of its best wheel (downloaded into the cache),
 * else its sdist's through `sdistMetadata`. Listings, metadata files and wheels go into the cache:
 * offline (the fetch settings'), a second resolution of the same input reads them from there and
 * gives the same answer. Throws E_INVALID_METADATA when that metadata names
 * another project or version, E_NO_MATCHING_DISTRIBUTION for a release with only an sdist and no
 * `sdistMetadata`, and the index's errors (E_OFFLINE_MISSING names what is not cached offline).
 */
/** The resolver's port, and the files of a release (for a lock's hashes). */
export interface IndexProvider extends ResolverProvider {
  /** Every file of `name` `version` (normalized) the listing has. */
  files(name: string, version: string): Promise<DistributionFile[]>;
}

export function indexProvider(options: IndexProviderOptions): IndexProvider {
  const releases = new Map<string, Promise<Map<string, DistributionFile[]>>>();
  const listing = (name: string) => {
    let answer = releases.get(name);
    if (!answer) {
      answer = projectFiles(name, { finder: options.finder, cache: options.fetch.cache, settings: options.fetch.settings }).then(byVersion);
      releases.set(name, answer);
    }
    return answer;
  };

  async function metadataOf(name: string, version: string, files: DistributionFile[]): Promise<string> {
    const wheels = files.filter((f) => f.kind === "wheel");
    const ranked = options.rankWheels ? options.rankWheels(wheels) : wheels;
    for (const wheel of ranked.filter((w) => w.coreMetadata)) {
      const text = await fetchCoreMetadata(wheel, options.fetch);
      if (text !== undefined) return text;
    }
    const best = ranked[0];
    if (best) {
      const [downloaded] = await downloadFiles([{ file: best, expectedHashes: [] }], options.fetch);
      return readWheelMetadata((downloaded as DownloadResult).path);
    }
    const sdist = files.find((f) => f.kind === "sdist");
    if (!sdist || !options.sdistMetadata) {
      throw new PyvendorError("E_NO_MATCHING_DISTRIBUTION", `${name} ${version} has no wheel${sdist ? " and its sdist's metadata cannot be read here" : " and no sdist"}`, {
        data: { project: name, version, files: files.map((f) => f.filename) },
      });
    }
    const [downloaded] = await downloadFiles([{ file: sdist, expectedHashes: [] }], options.fetch);
    return options.sdistMetadata(downloaded as DownloadResult);
  }

  return {
    files: async (name, version) => (await listing(name)).get(version) ?? [],
    async versions(name: string): Promise<CandidateVersion[]> {
      const out: CandidateVersion[] = [];
      for (const [version, files] of await listing(name)) {
        const requiresPython = sharedRequiresPython(files);
        const unusableFor = options.unusableFor?.(name, files) ?? [];
        out.push({
          version,
          ...(files.every((f) => f.yanked !== false) ? { yanked: true } : {}),
          ...(requiresPython ? { requiresPython } : {}),
          ...(unusableFor.length > 0 ? { unusableFor } : {}),
        });
      }
      return out;
    },
    async dependencies(name: string, version: string): Promise<VersionDependencies> {
      const files = (await listing(name)).get(version) ?? [];
      const usable = files.some((f) => f.yanked === false) ? files.filter((f) => f.yanked === false) : files;
      const metadata = parseCoreMetadata(await metadataOf(name, version, usable));
      if (normalizeName(metadata.name) !== name || !isValidVersion(metadata.version) || normalizeVersion(metadata.version) !== version) {
        throw new PyvendorError("E_INVALID_METADATA", `the metadata of ${name} ${version} names ${metadata.name} ${metadata.version}`, {
          data: { project: name, version, metadataName: metadata.name, metadataVersion: metadata.version },
        });
      }
      return { requiresDist: metadata.requiresDist, ...(metadata.requiresPython ? { requiresPython: metadata.requiresPython } : {}) };
    },
  };
}
