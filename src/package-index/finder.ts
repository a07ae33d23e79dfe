// The finder: which files a project (or one release) has, across find-links and indexes, in a safe order.
import { compareVersions, isValidVersion } from "../standards/version.js";
import type { Cache } from "../cache/cache.js";
import type { ReleaseFileRecord } from "../cache/release-store.js";
import { isPyvendorError, PyvendorError } from "../errors.js";
import { cachedFiles, chooseCached } from "./cached-pins.js";
import { normalizeName, normalizeVersionLeniently, parseDistFilename } from "./dist-name.js";
import { isLocalLocation, listFindLinks, locationName } from "./find-links.js";
import { createIndexContext, type IndexContext, type IndexHooks } from "./index-context.js";
import { fetchProjectPage } from "./project-page.js";
import { redactUrl } from "./redact.js";
import { requiresPythonAllowsAny } from "./requires-python.js";
import type { IndexSettings } from "./settings.js";
import type { PageLink } from "./simple-page.js";

/** A file an index or find-links location offers. Safe to store: no credentials anywhere. */
export interface DistributionFile {
  /** Normalized project name. */
  project: string;
  /** Version as written in the filename. */
  version: string;
  filename: string;
  kind: "sdist" | "wheel";
  /** Absolute URL without userinfo (credentials are looked up again when downloading). */
  url: string;
  /** Hashes the index gave (lower-case algorithm → hex), e.g. { sha256 }. */
  hashes: Record<string, string>;
  size?: number;
  requiresPython?: string;
  /** PEP 592: false, or the reason ("" when none given). Test with `!== false`. */
  yanked: false | string;
  /** Redacted URL of the index (or the find-links location) that listed the file. */
  index: string;
  /** PEP 658/714: the index serves `<url>.metadata`; fetchCoreMetadata can read it. */
  coreMetadata?: boolean;
  /** Hashes of that metadata file, when the index gave them. */
  coreMetadataHashes?: Record<string, string>;
}

export interface FinderOptions extends IndexHooks {
  cache: Cache;
  /** Python versions of the targets (e.g. ["3.11.7"]): files whose Requires-Python excludes all are dropped. */
  pythonVersions?: string[];
}

export interface Finder {
  /**
   * Every file of `project` from find-links plus the first index that has it (yanked files only
   * with includeYanked). Asks the network (once per finder). Throws E_PACKAGE_NOT_FOUND naming
   * every index asked, E_OFFLINE_MISSING offline, and the request errors of fetchProjectPage.
   */
  listFiles(project: string, options?: { includeYanked?: boolean }): Promise<DistributionFile[]>;
  /**
   * The files of exactly `version`. Answered from the cache's release record when one exists for
   * the same lookup path (zero requests); otherwise looked up and recorded. Yanked files are kept
   * only when `exact` (an == pin), with a warning event. Throws E_VERSION_NOT_FOUND (naming the
   * index and the versions it has), E_REQUIRES_PYTHON, E_OFFLINE_MISSING, and listFiles' errors.
   */
  findRelease(project: string, version: string, options: FindReleaseOptions): Promise<DistributionFile[]>;
  /** The shared client context (for downloadFiles / fetchCoreMetadata). */
  context: IndexContext;
}

export interface FindReleaseOptions {
  /** An == pin: yanked files allowed (with a warning). */
  exact: boolean;
  /** The requirement's hashes ("sha256:hex"): cached files with one of them need no index (see chooseCached). */
  hashes?: string[];
}

interface Lookup {
  files: DistributionFile[];
  sourceKey: string;
  asked: string[];
  answeredBy?: string;
}

interface Chain {
  /** Indexes to ask in order (URLs as configured, with credentials). */
  indexes: string[];
  findLinks: string[];
}

/** The lookup path key: find-links, the indexes asked in order, and whether the last one had the project. */
function sourceKey(findLinks: string[], asked: string[], found: boolean): string {
  return JSON.stringify({ findLinks: findLinks.map(locationName), asked: asked.map(redactUrl), found });
}

function toFile(link: PageLink, project: string, source: string): DistributionFile | undefined {
  const name = parseDistFilename(link.filename, project);
  if (!name) return undefined;
  return {
    project,
    version: name.version,
    filename: link.filename,
    kind: name.kind,
    url: redactUrl(link.url),
    hashes: link.hashes,
    ...(link.size !== undefined ? { size: link.size } : {}),
    ...(link.requiresPython ? { requiresPython: link.requiresPython } : {}),
    yanked: link.yanked,
    index: source,
    ...(link.coreMetadata ? { coreMetadata: true, coreMetadataHashes: link.coreMetadata } : {}),
  };
}

/** The stored form of a file (project, version and kind come back from the filename). */
function toRecord(f: DistributionFile): ReleaseFileRecord {
  return {
    filename: f.filename,
    url: f.url,
    hashes: f.hashes,
    ...(f.size !== undefined ? { size: f.size } : {}),
    ...(f.requiresPython ? { requiresPython: f.requiresPython } : {}),
    yanked: f.yanked,
    ...(f.coreMetadata ? { coreMetadata: f.coreMetadataHashes ?? {} } : {}),
    source: f.index,
  };
}

function fromRecord(r: ReleaseFileRecord, project: string): DistributionFile | undefined {
  return toFile(r, project, r.source);
}

/** The hint of an unreachable index when pins are cached from another one. */
export const CACHED_ELSEWHERE_HINT =
  "Those files came from an index that is not configured now (or one that another index may shadow), and serving them unasked could invite dependency confusion: " +
  "pin their hashes (--hash, pylock.toml), configure that index again, or pass --offline to take any cached file for a pin.";

/** Creates a finder over the settings' find-links and indexes. */
export function createFinder(settings: IndexSettings, options: FinderOptions): Finder {
  const ctx = createIndexContext(settings, options);
  const pythons = options.pythonVersions ?? [];
  const findLinksMemo = new Map<string, Promise<PageLink[]>>();
  const lookups = new Map<string, Promise<Lookup>>();

  const chainFor = (project: string): Chain => {
    const override = settings.indexFor[project];
    if (override) return { indexes: [override], findLinks: [] };
    return { indexes: settings.noIndex ? [] : [settings.indexUrl, ...settings.extraIndexUrls], findLinks: settings.findLinks };
  };

  const findLinksOf = (location: string) => {
    let p = findLinksMemo.get(location);
    if (!p) findLinksMemo.set(location, (p = listFindLinks(ctx, location)));
    return p;
  };

  async function lookup(project: string): Promise<Lookup> {
    const chain = chainFor(project);
    const files: DistributionFile[] = [];
    for (const location of chain.findLinks) {
      for (const link of await findLinksOf(location)) {
        const f = toFile(link, project, locationName(location));
        if (f) files.push(f);
      }
    }
    const asked: string[] = [];
    for (const index of chain.indexes) {
      asked.push(index);
      const page = await fetchProjectPage(ctx, index, project);
      if (!page) continue;
      for (const link of page.links) {
        const f = toFile(link, project, redactUrl(index));
        if (f) files.push(f);
      }
      return { files, asked, answeredBy: redactUrl(index), sourceKey: sourceKey(chain.findLinks, asked, true) };
    }
    if (files.length === 0) {
      const where = [...asked.map(redactUrl), ...chain.findLinks.map(locationName)];
      throw new PyvendorError("E_PACKAGE_NOT_FOUND", `No project named ${project} on ${where.join(", ") || "any index (--no-index and no --find-links)"}`, {
        data: { project, indexes: asked.map(redactUrl), findLinks: chain.findLinks.map(locationName) },
      });
    }
    return { files, asked, sourceKey: sourceKey(chain.findLinks, asked, false) };
  }

  const lookupOnce = (project: string) => {
    let p = lookups.get(project);
    if (!p) {
      p = lookup(project);
      lookups.set(project, p);
      p.catch(() => lookups.delete(project));
    }
    return p;
  };

  const needsNetwork = (chain: Chain) => chain.indexes.length > 0 || !chain.findLinks.every(isLocalLocation);

  function offlineMissing(project: string, version?: string): PyvendorError {
    const what = version === undefined ? project : `${project}==${version}`;
    return new PyvendorError("E_OFFLINE_MISSING", `Working offline and the cache has no record of ${what}`, {
      data: { missing: [{ kind: "release", project, ...(version !== undefined ? { version } : {}) }] },
    });
  }

  function keepForPython(files: DistributionFile[]): DistributionFile[] {
    return files.filter((f) => requiresPythonAllowsAny(f.requiresPython, pythons));
  }

  /** readCachedListing once per project (its warning too). */
  const offlineListings = new Map<string, Promise<DistributionFile[]>>();
  function cachedListing(project: string): Promise<DistributionFile[]> {
    let listing = offlineListings.get(project);
    if (!listing) {
      listing = readCachedListing(project);
      offlineListings.set(project, listing);
    }
    return listing;
  }

  /**
   * Offline, the files of every release of `project` the cache holds (as chooseCached serves them
   * offline), with a warning that the index may have newer ones. Throws E_OFFLINE_MISSING when none.
   */
  async function readCachedListing(project: string): Promise<DistributionFile[]> {
    const chain = chainFor(project);
    const files: DistributionFile[] = [];
    const versions: string[] = [];
    for (const version of await options.cache.releases.versions(project)) {
      const choice = chooseCached(await cachedFiles(options.cache, project, version), { hashes: [], sources: unshadowedSources(chain), offline: true });
      if (!choice.serve) continue;
      versions.push(version);
      files.push(...choice.files.map((r) => fromRecord(r, project)).filter((f): f is DistributionFile => f !== undefined));
    }
    if (files.length === 0) throw offlineMissing(project);
    ctx.events({ type: "warning", message: `offline: ${project} is chosen among the releases in the cache (${versions.join(", ")}); the index may have newer ones` });
    return files;
  }

  async function listFiles(name: string, opts: { includeYanked?: boolean } = {}): Promise<DistributionFile[]> {
    const project = normalizeName(name);
    if (settings.offline && needsNetwork(chainFor(project))) {
      const cached = await cachedListing(project);
      return keepForPython(cached.filter((f) => opts.includeYanked || f.yanked === false));
    }
    const { files } = await lookupOnce(project);
    return keepForPython(files.filter((f) => opts.includeYanked || f.yanked === false));
  }

  async function cachedRelease(project: string, version: string): Promise<DistributionFile[] | undefined> {
    const chain = chainFor(project);
    const keys = chain.indexes.map((_, i) => sourceKey(chain.findLinks, chain.indexes.slice(0, i + 1), true));
    keys.push(sourceKey(chain.findLinks, chain.indexes, false));
    for (const key of keys) {
      const record = await options.cache.releases.get(project, version, key);
      if (record) return record.files.map((r) => fromRecord(r, project)).filter((f): f is DistributionFile => f !== undefined);
    }
    return undefined;
  }

  /**
   * Sources whose cached files a lookup would return unchanged, as records name them: the first
   * index asked (no index before it can shadow it) and the find-links locations. A later index is
   * not one: an earlier index might have the project now.
   */
  const unshadowedSources = (chain: Chain) => [...chain.indexes.slice(0, 1).map(redactUrl), ...chain.findLinks.map(locationName)];

  /**
   * The release from the cache without the lookup path's own record: files pinned by hash, from an
   * unshadowed source, or (offline) any (chooseCached). Else the sources other cached files came from.
   */
  async function servedFromCache(project: string, version: string, hashes: string[]): Promise<{ files?: DistributionFile[]; elsewhere: string[] }> {
    const chain = chainFor(project);
    const cached = await cachedFiles(options.cache, project, version);
    if (cached.length === 0) return { elsewhere: [] };
    const choice = chooseCached(cached, { hashes, sources: unshadowedSources(chain), offline: settings.offline && needsNetwork(chain) });
    if (!choice.serve) return { elsewhere: choice.sources };
    const files = choice.files.map((r) => fromRecord(r, project)).filter((f): f is DistributionFile => f !== undefined);
    ctx.events({ type: "debug", message: `${project} ${version}: cached files served without the index (${choice.reason}): ${files.map((f) => f.filename).join(", ")}` });
    return { files, elsewhere: [] };
  }

  /** E_INDEX_UNREACHABLE, naming the sources of this pin's cached files that may not answer for it unasked. */
  function cachedElsewhere(err: PyvendorError, project: string, version: string, sources: string[]): PyvendorError {
    const entry = { project, version, sources };
    return new PyvendorError(err.code, `${err.message}; ${project}==${version} is in the cache from ${sources.join(", ")}, which may not answer for it unasked`, {
      cause: err,
      data: { ...err.data, cachedElsewhere: [entry] },
      hint: CACHED_ELSEWHERE_HINT,
    });
  }

  async function findRelease(name: string, version: string, opts: FindReleaseOptions): Promise<DistributionFile[]> {
    const project = normalizeName(name);
    const normalized = normalizeVersionLeniently(version);
    let files = settings.refresh ? undefined : await cachedRelease(project, normalized);
    let elsewhere: string[] = [];
    if (!files && !settings.refresh) ({ files, elsewhere } = await servedFromCache(project, normalized, opts.hashes ?? []));
    if (!files) {
      if (settings.offline && needsNetwork(chainFor(project))) throw offlineMissing(project, version);
      let found: Lookup;
      try {
        found = await lookupOnce(project);
      } catch (err: unknown) {
        if (elsewhere.length > 0 && isPyvendorError(err, "E_INDEX_UNREACHABLE")) throw cachedElsewhere(err, project, version, elsewhere);
        throw err;
      }
      files = found.files.filter((f) => isValidVersion(f.version) && isValidVersion(version) && compareVersions(f.version, version) === 0);
      if (files.length === 0) {
        const available = [...new Set(found.files.map((f) => f.version))];
        const where = found.answeredBy ?? chainFor(project).findLinks.map(locationName).join(", ");
        throw new PyvendorError("E_VERSION_NOT_FOUND", `${project} ${version} is not on ${where} (it has ${available.slice(-20).join(", ")})`, {
          data: { project, version, index: where, available },
        });
      }
      await options.cache.releases.put({ project, version: normalized, sourceKey: found.sourceKey, files: files.map(toRecord) });
    }
    return applyRules(project, version, files, opts.exact);
  }

  function applyRules(project: string, version: string, files: DistributionFile[], exact: boolean): DistributionFile[] {
    const yanked = files.filter((f) => f.yanked !== false);
    let usable = files;
    if (!exact) {
      usable = files.filter((f) => f.yanked === false);
      if (usable.length === 0) {
        throw new PyvendorError("E_VERSION_NOT_FOUND", `${project} ${version} is yanked; only an exact ==${version} pin may use it`, {
          data: { project, version, yanked: true },
        });
      }
    } else if (yanked.length > 0) {
      const reason = yanked.map((f) => f.yanked).find((r) => r) ?? "";
      ctx.events({
        type: "warning",
        code: "yanked",
        message: `${project} ${version} is yanked${reason ? ` (${reason})` : ""}; using it because it is pinned with ==`,
      });
    }
    const forPython = keepForPython(usable);
    if (forPython.length === 0) {
      const specs = [...new Set(usable.map((f) => f.requiresPython))].join(" | ");
      throw new PyvendorError("E_REQUIRES_PYTHON", `${project} ${version} requires Python ${specs}; the targets are ${pythons.join(", ")}`, {
        data: { project, version, requiresPython: specs, pythons },
      });
    }
    return forPython;
  }

  return { listFiles, findRelease, context: ctx };
}
