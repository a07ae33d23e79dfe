// Measures a cold and a warm (all cached) findReleases + downloadFiles of ~30 pins from the local wheel mirror.
// Run: npx tsc -p . && node dist/test/package-index/warm-fetch-measure.js [count]
import { readdirSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openCache } from "../../src/cache/cache.js";
import { downloadFiles, findReleases } from "../../src/package-index/fetch.js";
import { parseDistFilename } from "../../src/package-index/dist-name.js";
import { resolveIndexSettings } from "../../src/package-index/settings.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { MIRROR_FILES_DIR } from "../helpers/fixture-index.js";
import { startIndexServer } from "../helpers/index-server.js";

const count = Number(process.argv[2] ?? 30);
const seen = new Set<string>();
const wheels = readdirSync(MIRROR_FILES_DIR)
  .filter((f) => f.endsWith("-py3-none-any.whl"))
  .filter((f) => {
    const project = parseDistFilename(f)?.project;
    if (!project || seen.has(project)) return false;
    seen.add(project);
    return true;
  })
  .slice(0, count);
const server = await startIndexServer({ files: wheels.map((f) => path.join(MIRROR_FILES_DIR, f)) });
const { dir, cleanup } = await tempDir();
const pins = wheels.map((f) => {
  const name = parseDistFilename(f);
  return { project: name?.project ?? "", version: name?.version ?? "" };
});
const settings = resolveIndexSettings({ indexUrl: server.url, netrc: "/nonexistent" }, cleanEnv());

async function run(label: string): Promise<void> {
  const cache = await openCache({ dir });
  server.reset();
  const t0 = performance.now();
  const releases = await findReleases(pins, { cache, settings });
  const t1 = performance.now();
  const results = await downloadFiles([...releases.values()].flat().map((file) => ({ file, expectedHashes: [] })), { cache, settings });
  const t2 = performance.now();
  const bytes = results.reduce((n, r) => n + r.size, 0);
  console.log(
    `${label}: ${pins.length} pins, ${results.length} files, ${(bytes / 1e6).toFixed(1)} MB, ` +
      `findReleases ${(t1 - t0).toFixed(0)} ms + downloadFiles ${(t2 - t1).toFixed(0)} ms = ${(t2 - t0).toFixed(0)} ms, ` +
      `${server.requests.length} requests, ${results.filter((r) => r.fromCache).length} from cache`,
  );
}

try {
  await run("cold");
  await run("warm");
  await run("warm");
} finally {
  await server.stop();
  await cleanup();
}
