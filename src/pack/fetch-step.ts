// Pack step "fetch": find each pin's release, select its files by the binary policy, download (or reuse) them.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Cache } from "../cache/cache.js";
import type { EventSink } from "../events.js";
import { downloadFiles, findReleases } from "../package-index/fetch.js";
import type { createFinder, DistributionFile } from "../package-index/finder.js";
import type { IndexSettings } from "../package-index/settings.js";
import type { Target } from "../python/target.js";
import { parseWheelFilename } from "../standards/tags.js";
import type { PackedSource } from "./assemble.js";
import type { BuildStepRequest, PackedWheel } from "./build-step.js";
import type { Pin } from "./plan.js";
import { formatControl, selectFiles, type BinaryPolicy, type Selection } from "./select.js";

export interface FetchStepContext {
  cache: Cache;
  settings: IndexSettings;
  events: EventSink;
  finder: ReturnType<typeof createFinder>;
}

/** A pin to fetch for some of its targets (all of them, or the ones a later round added). */
export interface FetchItem {
  pin: Pin;
  targets: string[];
}

/** A fetched sdist: what the manifest records, and where it is in the cache. */
export type FetchedSource = PackedSource & { localPath: string };

export interface FetchStepResult {
  /** Wheels taken from the index, ready for the bundle. */
  wheels: PackedWheel[];
  /** Sdists to build, each for the targets no downloaded wheel serves. */
  builds: BuildStepRequest[];
  /** Source distributions by package name (for the manifest and --with-sources). */
  sources: Map<string, FetchedSource>;
  downloaded: number;
  fromCache: number;
  /** Remarks for the summary (e.g. a pin without an sdist that uses the index's wheel). */
  notes: string[];
}

/** URLs go into the manifest without userinfo; local files only by name (no paths of this machine). */
export function manifestUrl(url: string): string {
  return url.startsWith("file:") ? `file:${path.posix.basename(new URL(url).pathname)}` : url;
}

/** A local archive named in the requirements, as a distribution file with a file: URL. */
function localSelection(pin: Pin): Selection {
  const file = pin.path ?? "";
  const filename = path.basename(file);
  const kind = filename.endsWith(".whl") ? "wheel" : "sdist";
  const dist: DistributionFile = { project: pin.name, version: pin.version, filename, kind, url: pathToFileURL(file).href, hashes: {}, yanked: false, index: "local file" };
  return kind === "wheel" ? { pin, wheels: [{ file: dist, targets: pin.targets }] } : { pin, sdist: dist, wheels: [] };
}

/**
 * Fetches `items`: releases come from the cache's records when present (no request), files
 * from the content store when cached. Throws the index layer's errors (E_VERSION_NOT_FOUND,
 * E_NO_MATCHING_DISTRIBUTION, E_OFFLINE_MISSING, E_HASH_MISMATCH, ...).
 */
export async function fetchStep(items: FetchItem[], targets: Target[], policy: BinaryPolicy, ctx: FetchStepContext): Promise<FetchStepResult> {
  const scoped = items.map((item) => ({ ...item.pin, targets: item.targets }));
  const remote = scoped.filter((p) => p.path === undefined);
  const releases = await findReleases(remote.map((p) => ({ project: p.name, version: p.version, hashes: p.hashes })), ctx);
  const notes: string[] = [];
  const selections = scoped.map((pin, i) => {
    if (pin.path !== undefined) return localSelection(pin);
    const sel = selectFiles(pin, releases.get(`${pin.name}==${pin.version}`) ?? [], targets, policy);
    if (!sel.sdist && formatControl(policy, pin.name) === "default" && !policy.preferBinary) {
      notes.push(`${pin.name} ${pin.version} has no source distribution on the index; using its wheel${sel.wheels.length > 1 ? "s" : ""} (${sel.wheels.map((w) => w.file.filename).join(", ")})`);
    }
    return { ...sel, pin: items[i]?.pin as Pin };
  });
  const wanted = selections.flatMap((sel) =>
    [...(sel.sdist ? [sel.sdist] : []), ...sel.wheels.map((w) => w.file)].map((file) => ({ file, expectedHashes: sel.pin.hashes })),
  );
  const downloads = await downloadFiles(wanted, ctx);
  const local = new Map(downloads.map((d) => [d.file.filename, { path: d.path, sha256: d.sha256, size: d.size, url: manifestUrl(d.file.url) }]));
  const wheels: PackedWheel[] = [];
  const builds: BuildStepRequest[] = [];
  const sources = new Map<string, FetchedSource>();
  selections.forEach((sel, i) => {
    const scope = scoped[i] as Pin;
    for (const w of sel.wheels) {
      const got = local.get(w.file.filename);
      if (!got) throw new Error(`internal: ${w.file.filename} was not fetched`);
      const tags = parseWheelFilename(w.file.filename).tags;
      wheels.push({ pin: sel.pin, filename: w.file.filename, path: got.path, sha256: got.sha256, size: got.size, tags, origin: "downloaded", targets: w.targets, url: got.url, systemLibraries: [] });
    }
    const sdist = sel.sdist ? local.get(sel.sdist.filename) : undefined;
    if (!sel.sdist || !sdist) return;
    sources.set(sel.pin.name, { filename: sel.sdist.filename, url: sdist.url, sha256: sdist.sha256, size: sdist.size, localPath: sdist.path });
    const served = new Set(sel.wheels.flatMap((w) => w.targets));
    const todo = targets.filter((t) => scope.targets.includes(t.manifest.id) && !served.has(t.manifest.id));
    if (todo.length) builds.push({ pin: sel.pin, sdistPath: sdist.path, sdistFilename: sel.sdist.filename, sdistSha256: sdist.sha256, sdistSize: sdist.size, targets: todo });
  });
  return {
    wheels,
    builds,
    sources,
    downloaded: downloads.filter((d) => !d.fromCache).length,
    fromCache: downloads.filter((d) => d.fromCache).length,
    notes,
  };
}
