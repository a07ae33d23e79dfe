// Serving the cached corpus as a PEP 503 index on 127.0.0.1 (tests import this; `npm run corpus -- --serve` too).
import path from "node:path";
import { startIndexServer, type IndexFile, type IndexServer } from "../../helpers/index-server.js";
import { filesDir, readCacheState, corpusDir } from "./cache.js";
import { loadCorpusList } from "./fetch-corpus.js";
import type { CorpusEntry } from "./list.js";

export interface ServedCorpus {
  /** The simple index, e.g. http://127.0.0.1:40123/simple/ */
  url: string;
  /** The list's entries that the index serves (sdists without a PyPI name are cached only). */
  entries: CorpusEntry[];
  /** The underlying test server (request log, find-links page). */
  server: IndexServer;
  stop(): Promise<void>;
}

/**
 * Serves every listed file from the cache (`dir`, default corpusDir()) as PEP 503 HTML with
 * `#sha256=` fragments and data-requires-python where known, on port 0. Never fetches: throws
 * Error("... run `npm run corpus` first") when a file is missing or has other bytes.
 */
export async function serveCorpus(options: { dir?: string } = {}): Promise<ServedCorpus> {
  const { entries, files } = await corpusIndexFiles(options.dir);
  const server = await startIndexServer({ format: "html", files });
  return { url: server.url, entries, server, stop: () => server.stop() };
}

/**
 * What serveCorpus serves: the listed entries an index offers and their files in the cache (`dir`,
 * default corpusDir()), with data-requires-python where known. Throws Error("... run `npm run
 * corpus` first") when a file is missing or has other bytes.
 */
export async function corpusIndexFiles(dirOption?: string): Promise<{ entries: CorpusEntry[]; files: IndexFile[] }> {
  const dir = dirOption ?? corpusDir();
  const all = await loadCorpusList();
  const state = await readCacheState(dir, all);
  if (state.missing.length > 0) {
    const names = state.missing.map((m) => m.entry.filename);
    throw new Error(
      `the real-sdist corpus in ${dir} lacks ${names.length} of ${all.length} files (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", ..." : ""}): run \`npm run corpus\` first`,
    );
  }
  const entries = all.filter((e) => e.kind === "wheel" || e.pypi !== undefined);
  const files = entries.map((e) => ({
    path: path.join(filesDir(dir), e.filename),
    ...(e.kind === "sdist" && e.requiresPython ? { requiresPython: e.requiresPython } : {}),
  }));
  return { entries, files };
}
