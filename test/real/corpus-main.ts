// `npm run corpus`: fetch, verify and cache the real-sdist corpus; `-- --serve` then serves it until Ctrl-C.
import { DEFAULT_MIRROR_DIRS } from "./corpus/acquire.js";
import { corpusDir } from "./corpus/cache.js";
import { fetchCorpus, loadCorpusList } from "./corpus/fetch-corpus.js";
import { serveCorpus } from "./corpus/serve-corpus.js";

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--serve");
  if (unknown.length > 0) {
    console.error(`usage: npm run corpus [-- --serve]   (unknown: ${unknown.join(" ")})`);
    return 2;
  }
  const dir = corpusDir();
  const mirrorDirs = [...(process.env.PYVENDOR_CORPUS_MIRROR ?? "").split(":").filter(Boolean), ...DEFAULT_MIRROR_DIRS];
  const summary = await fetchCorpus({ dir, entries: await loadCorpusList(), mirrorDirs, report: (line) => console.log(line) });
  console.log(
    `corpus: ${summary.listed} files, ${(summary.bytes / 1e6).toFixed(1)} MB in cache; ` +
      `${summary.cachedBefore} were cached, ${summary.fetched} fetched (${(summary.fetchedBytes / 1e6).toFixed(1)} MB), ` +
      `${summary.failed.length} failed; ${summary.seconds.toFixed(1)} s; processes started: ${summary.spawned.length}` +
      (summary.spawned.length === 0 ? " (no apt-get, no network request)" : ` (${summary.spawned.filter((c) => c.startsWith("apt-get")).length} apt-get)`),
  );
  if (summary.failed.length > 0) {
    for (const f of summary.failed) console.error(`error: ${f.filename}: ${f.error}`);
    return 1;
  }
  if (!args.includes("--serve")) return 0;
  const served = await serveCorpus({ dir });
  console.log(`serving ${served.entries.length} files at ${served.url}  (pip install --index-url ${served.url} ...; Ctrl-C stops)`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await served.stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
