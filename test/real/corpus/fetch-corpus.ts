// `npm run corpus`'s work: read the lists, find what the cache lacks, fetch and verify only that, summarise.
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { settleLimited } from "../../../src/package-index/map-limit.js";
import { repoRoot } from "../../helpers/paths.js";
import { acquireSdist, acquireWheel, type AcquireContext } from "./acquire.js";
import { privateApt, type Apt } from "./apt.js";
import { readCacheState } from "./cache.js";
import { parseSdistList, parseWheelList, type CorpusEntry } from "./list.js";

export const SDIST_LIST = path.join(repoRoot, "corpus", "real-sdists.tsv");
export const WHEEL_LIST = path.join(repoRoot, "corpus", "wheels.tsv");

/** Every entry of corpus/real-sdists.tsv, then of corpus/wheels.tsv. */
export async function loadCorpusList(): Promise<CorpusEntry[]> {
  return [
    ...parseSdistList(await readFile(SDIST_LIST, "utf8"), "corpus/real-sdists.tsv"),
    ...parseWheelList(await readFile(WHEEL_LIST, "utf8"), "corpus/wheels.tsv"),
  ];
}

export interface FetchOptions {
  dir: string;
  entries: CorpusEntry[];
  mirrorDirs: string[];
  /** One progress line at a time. */
  report: (line: string) => void;
  /** apt-get source calls at once (default 3). */
  concurrency?: number;
}

export interface FetchSummary {
  /** Files in the list, and how many were already cached intact. */
  listed: number;
  cachedBefore: number;
  fetched: number;
  failed: { filename: string; error: string }[];
  /** Bytes of the whole corpus in the cache after the run, and of the files fetched by it. */
  bytes: number;
  fetchedBytes: number;
  seconds: number;
  /** Every process started (apt-get, dpkg-deb, tar, python3): none when all was cached. */
  spawned: string[];
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Fetches what the cache lacks (sdists first: flit_core is built from one). Never throws for one file. */
export async function fetchCorpus(options: FetchOptions): Promise<FetchSummary> {
  const start = performance.now();
  const { dir, entries, report } = options;
  const before = await readCacheState(dir, entries);
  const spawned: string[] = [];
  const failed: FetchSummary["failed"] = [];
  let fetchedBytes = 0;
  let fetched = 0;
  report(`corpus: ${dir}: ${before.present.length} of ${entries.length} files cached and verified`);
  for (const m of before.missing) if (m.found) report(`  ${m.entry.filename}: cached copy has sha256 ${m.found}, fetching again`);

  if (before.missing.length > 0) {
    const work = path.join(dir, "work");
    await mkdir(work, { recursive: true });
    let apt: Promise<Apt> | undefined;
    const log = (command: string) => spawned.push(command);
    const ctx: AcquireContext = {
      dir,
      work,
      mirrorDirs: options.mirrorDirs,
      log,
      apt: () =>
        (apt ??= (async () => {
          const runner = await privateApt(path.join(dir, "apt"), log);
          const t = performance.now();
          const res = await runner.run(["update"], { cwd: work, timeoutSeconds: 180 });
          report(`  apt-get update (private config): exit ${res.exitCode ?? res.signal}, ${((performance.now() - t) / 1000).toFixed(1)} s`);
          return runner;
        })()),
    };
    const total = before.missing.length;
    let done = 0;
    const one = async (entry: CorpusEntry) => {
      const t = performance.now();
      try {
        const size = entry.kind === "sdist" ? await acquireSdist(ctx, entry) : await acquireWheel(ctx, entry);
        fetched++;
        fetchedBytes += size;
        report(`  [${++done}/${total}] ${entry.filename}  ${mb(size)}  ${((performance.now() - t) / 1000).toFixed(1)} s  sha256 ok`);
      } catch (err: unknown) {
        const error = err instanceof Error ? err.message : String(err);
        failed.push({ filename: entry.filename, error });
        report(`  [${++done}/${total}] ${entry.filename}  FAILED: ${error}`);
      }
    };
    const missing = before.missing.map((m) => m.entry);
    await settleLimited(missing.filter((e) => e.kind === "sdist"), options.concurrency ?? 3, one);
    for (const entry of missing.filter((e) => e.kind === "wheel")) await one(entry);
    await rm(work, { recursive: true, force: true });
  }
  const after = before.missing.length > 0 ? await readCacheState(dir, entries) : before;
  return {
    listed: entries.length,
    cachedBefore: before.present.length,
    fetched,
    failed,
    bytes: after.bytes,
    fetchedBytes,
    seconds: (performance.now() - start) / 1000,
    spawned,
  };
}
