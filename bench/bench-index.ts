// The benchmark's package index: the corpus sdists and build-backend wheels on 127.0.0.1, switchable "down".
import { backendWheels } from "../test/helpers/fixture-index.js";
import { startIndexServer, type IndexFile, type IndexServer } from "../test/helpers/index-server.js";

export interface BenchIndex {
  /** Simple-API URL, e.g. http://127.0.0.1:40123/simple/ */
  url: string;
  /** Requests received since the last resetCount(), including refused ones while down. */
  count(): number;
  resetCount(): void;
  /**
   * While down, every connection is counted and then reset without an answer: to a client the
   * index is gone (as if stopped), yet any attempt still shows in count(). The port stays the
   * same, so pip's wheel cache, keyed by file URL, stays valid for the warm pip runs.
   */
  setDown(down: boolean): void;
  /** Names of the backend wheels served next to the corpus (setuptools, wheel). */
  backend: string[];
  stop(): Promise<void>;
}

export interface SwitchableIndexOptions {
  /** Names of the backend wheels among the files, reported as such. */
  backend?: string[];
  format?: "negotiate" | "html";
  /**
   * Send PyPI's Cache-Control headers (files: a year, immutable; pages: 10 minutes). Without
   * them pip's HTTP cache keeps nothing, and a "warm" pip would download everything again.
   */
  pypiCacheHeaders?: boolean;
}

/** PyPI's Cache-Control for a path of the test index: files are immutable, project pages short-lived. */
function pypiCacheControl(url: string): string {
  return url.startsWith("/files/") ? "max-age=365000000, immutable, public" : "max-age=600, public";
}

/** Serves `sdists` (with Requires-Python >=3.8) plus backendWheels() until stop(). */
export function startBenchIndex(sdists: string[], options: Pick<SwitchableIndexOptions, "pypiCacheHeaders"> = {}): Promise<BenchIndex> {
  const backend = backendWheels();
  return startSwitchableIndex([...sdists.map((p) => ({ path: p, requiresPython: ">=3.8" })), ...backend], { ...options, backend });
}

/** Serves `files` (PEP 503 HTML and PEP 691 JSON unless `format` says "html") on 127.0.0.1 until stop(), switchable down. */
export async function startSwitchableIndex(files: (string | IndexFile)[], options: SwitchableIndexOptions = {}): Promise<BenchIndex> {
  const { backend = [], format = "negotiate" } = options;
  let down = false;
  const server: IndexServer = await startIndexServer({
    files,
    format,
    intercept: (req, res) => {
      if (down) {
        req.socket.destroy();
        return true;
      }
      // Merged into the server's own headers when it answers.
      if (options.pypiCacheHeaders) res.setHeader("cache-control", pypiCacheControl(new URL(req.url ?? "/", "http://index.invalid").pathname));
      return false;
    },
  });
  return {
    url: server.url,
    count: () => server.requests.length,
    resetCount: () => server.reset(),
    setDown: (d) => {
      down = d;
    },
    backend: backend.map((p) => p.split("/").at(-1) as string),
    stop: () => server.stop(),
  };
}
