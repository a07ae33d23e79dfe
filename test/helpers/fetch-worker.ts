// A separate process that fetches pins into a cache: `node fetch-worker.js '<json>'` prints the results as JSON.
import { openCache } from "../../src/cache/cache.js";
import { downloadFiles, findReleases } from "../../src/package-index/fetch.js";
import { resolveIndexSettings } from "../../src/package-index/settings.js";

interface WorkerArgs {
  cacheDir: string;
  indexUrl: string;
  pins: { project: string; version: string }[];
}

const args = JSON.parse(process.argv[2] ?? "{}") as WorkerArgs;
const cache = await openCache({ dir: args.cacheDir });
const settings = resolveIndexSettings({ indexUrl: args.indexUrl, retryBaseDelayMs: 0, retryMaxDelayMs: 0, netrc: "/nonexistent" }, process.env);
const releases = await findReleases(args.pins, { cache, settings });
const results = await downloadFiles([...releases.values()].flat().map((file) => ({ file, expectedHashes: [] })), { cache, settings });
process.stdout.write(JSON.stringify(results.map((r) => ({ filename: r.file.filename, sha256: r.sha256, path: r.path, fromCache: r.fromCache }))));
