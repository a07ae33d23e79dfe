// `npm run bench`: pyvendor against pip on a generated corpus, in one process tree, printed as medians and ratios.
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../test/helpers/paths.js";
import { createArtifacts, firstLines } from "./artifacts.js";
import { startBenchIndex } from "./bench-index.js";
import { install } from "./cases/install.js";
import { lockCase } from "./cases/lock.js";
import { lockReal } from "./cases/lock-real.js";
import { packCold, packWarm } from "./cases/pack.js";
import { realCorpus } from "./cases/real.js";
import { releases } from "./cases/releases.js";
import { detectPyvendor, type BenchContext, type CaseResult } from "./context.js";
import { prepareCorpus } from "./corpus/write.js";
import { machineInfo } from "./machine.js";
import { rssMethod } from "./measure.js";
import { CASE_IDS, parseBenchOptions, USAGE, type BenchOptions, type CaseId } from "./options.js";
import { formatReport, writeReport, type BenchReport } from "./report.js";

const CASES: Record<CaseId, (ctx: BenchContext) => Promise<CaseResult>> = {
  "pack-cold": packCold,
  "pack-warm": packWarm,
  install,
  releases,
  lock: lockCase,
  real: realCorpus,
  "lock-real": lockReal,
};

const log = (line: string) => process.stderr.write(`${line}\n`);

function options(): BenchOptions {
  try {
    const o = parseBenchOptions(process.argv.slice(2));
    if (!o) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (!existsSync(o.python)) throw new Error(`--python ${o.python}: no such file`);
    return o;
  } catch (err: unknown) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const opts = options();
  const startedAt = new Date();
  const t0 = performance.now();
  const workDir = path.join(repoRoot, "bench", "work");
  const runDir = path.join(workDir, `run-${process.pid}`);
  process.on("SIGINT", () => {
    if (!opts.keep) rmSync(runDir, { recursive: true, force: true });
    process.exit(130);
  });

  const corpus = await prepareCorpus({ workDir, seed: opts.seed, packages: opts.packages });
  const t = corpus.summary.totals;
  log(`corpus ${corpus.generated ? "generated" : "reused"}: ${path.relative(repoRoot, corpus.dir)} — ${t.packages} packages, ${t.installedFiles} installed files, ${t.nativeExtensions} C extensions, ${(t.sdistBytes / 1e6).toFixed(2)} MB of sdists`);
  const index = await startBenchIndex(corpus.sdistPaths);
  const pyvendor = detectPyvendor(opts.cli);
  if (!pyvendor.available) log(pyvendor.reason ?? "pyvendor CLI not available");
  const machine = machineInfo(opts.python);
  const ctx: BenchContext = {
    options: opts, corpus, index, pyvendor, runDir, done: new Map(), log,
    artifacts: createArtifacts({ root: path.join(runDir, "artifacts"), python: opts.python, corpus, index, pyvendor, log }),
  };
  try {
    for (const id of CASE_IDS.filter((c) => opts.cases.includes(c))) {
      log(`case ${id}`);
      try {
        ctx.done.set(id, await CASES[id](ctx));
      } catch (err: unknown) {
        // A case whose setup broke (e.g. no bundle could be made) is reported, and the others still run.
        log(`case ${id} failed: ${firstLines(err, 12)}`);
        ctx.done.set(id, { id, title: id, contenders: [], verdicts: [], notes: [`case failed: ${firstLines(err)}`] });
      }
    }
  } finally {
    await index.stop();
    if (!opts.keep) rmSync(runDir, { recursive: true, force: true });
  }

  machine.loadAverage.end = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const report: BenchReport = {
    format: "pyvendor-bench/1",
    startedAt: startedAt.toISOString(),
    durationSeconds: (performance.now() - t0) / 1000,
    options: opts,
    machine,
    rssMethod,
    corpus: {
      dir: path.relative(repoRoot, corpus.dir), seed: corpus.summary.seed, generatorVersion: corpus.summary.generatorVersion,
      treeHash: corpus.summary.treeHash, backendWheels: index.backend, ...t,
    },
    pyvendor: {
      available: pyvendor.available,
      ...(pyvendor.version ? { version: pyvendor.version } : {}),
      ...(pyvendor.reason ? { reason: pyvendor.reason } : {}),
    },
    cases: [...ctx.done.values()],
  };
  process.stdout.write(`\n${formatReport(report)}`);
  const files = await writeReport(path.join(repoRoot, "bench", "results"), report);
  log(`results: ${files.map((f) => path.relative(repoRoot, f)).join(", ")}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
