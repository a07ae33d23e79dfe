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

/** Serves `sdists` (with Requires-Python >=3.8) plus backendWheels() until stop(). */
export function startBenchIndex(sdists: string[]): Promise<BenchIndex> {
  const backend = backendWheels();
  return startSwitchableIndex([...sdists.map((p) => ({ path: p, requiresPython: ">=3.8" })), ...backend], backend);
}

/** Serves `files` (PEP 503 HTML and PEP 691 JSON) on 127.0.0.1 until stop(), switchable down; `backend` names what is reported as the backend wheels. */
export async function startSwitchableIndex(files: (string | IndexFile)[], backend: string[] = [], format: "negotiate" | "html" = "negotiate"): Promise<BenchIndex> {
  let down = false;
  const server: IndexServer = await startIndexServer({
    files,
    format,
    intercept: (req) => {
      if (!down) return false;
      req.socket.destroy();
      return true;
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
