// Case "lock": loose requirements of the generated corpus — `pyvendor lock` against `pip install --dry-run --report`
// (cold and warm) and `pyvendor pack` of the loose file against `pip wheel -r` (cold).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { startBenchIndex, type BenchIndex } from "../bench-index.js";
import { benchEnv, type BenchContext, type CaseResult } from "../context.js";
import type { CorpusSummary } from "../corpus/write.js";
import { runAlternating, type ContenderSpec } from "../harness.js";
import { normalizeName, pinDifferences, pinsOfRequirements } from "../lock-pins.js";
import { lockRounds } from "../lock-rounds.js";
import { ratioVerdict, samePinsVerdict } from "../verdicts.js";
import { expectWheels } from "./pack.js";

/**
 * requirements.in of the corpus: the names, without versions, of the packages nothing else depends
 * on. Every other package is reached only through their dependencies, so a lock has to resolve
 * the graph rather than copy a list.
 */
export function looseRequirements(summary: { packages: Pick<CorpusSummary["packages"][number], "name" | "dependencies">[] }): string {
  const needed = new Set(summary.packages.flatMap((p) => p.dependencies.map(normalizeName)));
  const roots = summary.packages.filter((p) => !needed.has(normalizeName(p.name))).map((p) => p.name);
  return `# The packages of the bench corpus that nothing else depends on, unpinned.\n${roots.join("\n")}\n`;
}

/** The corpus's pins: one version per package, what every lock of the loose file must come to. */
export function corpusPins(summary: CorpusSummary): Map<string, string> {
  return new Map(summary.packages.map((p) => [normalizeName(p.name), p.version]));
}

function recordRequests(extra: Record<string, unknown>, count: number): void {
  extra.indexRequests = [...((extra.indexRequests as number[] | undefined) ?? []), count];
}

export async function lockCase(ctx: BenchContext): Promise<CaseResult> {
  const caseDir = path.join(ctx.runDir, "lock");
  await mkdir(caseDir, { recursive: true });
  const requirementsIn = path.join(caseDir, "requirements.in");
  const loose = looseRequirements(ctx.corpus.summary);
  await writeFile(requirementsIn, loose);
  const roots = loose.split("\n").filter((l) => l && !l.startsWith("#")).length;
  const expected = corpusPins(ctx.corpus.summary);
  ctx.log(`  lock: ${roots} unpinned roots of ${expected.size} packages`);
  // Its own index, with PyPI's Cache-Control headers: without them pip's HTTP cache keeps nothing.
  const index = await startBenchIndex(ctx.corpus.sdistPaths, { pypiCacheHeaders: true });
  try {
    return await measureLock(ctx, { index, caseDir, requirementsIn, roots, expected });
  } finally {
    index.setDown(false);
    await index.stop();
  }
}

interface LockSetup {
  index: BenchIndex;
  caseDir: string;
  requirementsIn: string;
  /** How many unpinned names requirements.in holds. */
  roots: number;
  expected: Map<string, string>;
}

async function measureLock(ctx: BenchContext, s: LockSetup): Promise<CaseResult> {
  const { index, caseDir, requirementsIn, roots, expected } = s;
  const py = ctx.options.python;
  const rounds = { warmup: ctx.options.warmup, runs: ctx.options.runs };
  const locks = await lockRounds({ ctx, caseId: "lock", prefix: "", caseDir, requirementsIn, index, cold: rounds, warm: rounds, expected });

  const up = () => {
    index.setDown(false);
    index.resetCount();
  };
  const pip: ContenderSpec = {
    id: "pip-wheel-loose-cold", label: "pip wheel -r requirements.in (empty PIP_CACHE_DIR)", tool: "pip",
    prepare: async (run) => {
      up();
      return [{
        argv: [py, "-m", "pip", "wheel", "-r", requirementsIn, "-i", index.url, "-w", path.join(run.dir, "wheels")],
        env: benchEnv({ PIP_CACHE_DIR: path.join(run.dir, "cache"), XDG_CACHE_HOME: path.join(run.dir, "xdg") }),
        cwd: run.dir,
      }];
    },
    observe: (_run, _m, extra) => recordRequests(extra, index.count()),
    finish: (run) => expectWheels(ctx, path.join(run.dir, "wheels")),
  };
  const pv: ContenderSpec = {
    id: "pv-pack-loose-cold", label: "pyvendor pack -r requirements.in (empty cache)", tool: "pyvendor",
    ...(ctx.pyvendor.available ? {} : { unavailable: ctx.pyvendor.reason ?? "pyvendor CLI not available" }),
    prepare: async (run) => {
      up();
      const command = ctx.pyvendor.command(["pack", "-r", requirementsIn, "-o", path.join(run.dir, "bundle"), "-i", index.url, "--cache-dir", path.join(run.dir, "cache"), "--python", py], run.dir);
      return [{ ...command, env: benchEnv({ XDG_CACHE_HOME: path.join(run.dir, "xdg") }) }];
    },
    observe: (_run, m, extra) => {
      recordRequests(extra, index.count());
      if (m.exitCode !== 0 && /E_UNPINNED_REQUIREMENT/.test(`${m.stderrTail}\n${m.stdoutTail}`)) {
        throw new Error("this pyvendor refuses loose requirements (E_UNPINNED_REQUIREMENT): its pack does not resolve a requirements.in yet");
      }
    },
    finish: async (run) => {
      const bundle = path.join(run.dir, "bundle");
      await expectWheels(ctx, path.join(bundle, "wheels"));
      const diff = pinDifferences(pinsOfRequirements(await readFile(path.join(bundle, "requirements.lock"), "utf8")), expected, { a: "the bundle's lock", b: "the corpus" });
      if (diff.length) throw new Error(`pyvendor pack pinned other versions than the corpus: ${diff.slice(0, 12).join("; ")}`);
    },
  };
  const pack = await runAlternating({
    caseId: "lock", caseDir: path.join(caseDir, "pack"), contenders: [pip, pv],
    warmup: ctx.options.warmup, runs: ctx.options.runs, rotate: true, log: ctx.log,
  });

  const contenders = [...locks.cold, ...locks.warm, ...pack];
  const by = (id: string) => contenders.find((c) => c.id === id);
  const pvPinnedCold = ctx.done.get("pack-cold")?.contenders.find((c) => c.id === "pyvendor-pack-cold");
  return {
    id: "lock",
    title: "lock: the corpus's roots unpinned — pyvendor lock vs pip install --dry-run --report, pack of the loose file vs pip wheel",
    contenders,
    verdicts: [
      ratioVerdict("pyvendor lock cold / pip --dry-run --report cold", by("pv-lock-cold"), by("pip-lock-cold"), { op: "<=", limit: 0.5 }),
      ratioVerdict("pyvendor lock warm / pip --dry-run --report warm", by("pv-lock-warm"), by("pip-lock-warm"), { op: "<=", limit: 0.1 }),
      samePinsVerdict("pins of pyvendor lock = pins of pip's report", locks.differences, locks.missing),
      ratioVerdict("pyvendor pack (loose) cold / pip wheel -r (loose) cold", by("pv-pack-loose-cold"), by("pip-wheel-loose-cold"), { op: "<=", limit: 0.5 }),
      ratioVerdict("pyvendor pack (loose) cold / pyvendor pack (pinned) cold", by("pv-pack-loose-cold"), pvPinnedCold),
    ],
    notes: [
      `requirements.in: the ${roots} corpus packages nothing depends on, unpinned; both tools resolve the other ${expected.size - roots} from the index (one version each, so the pins are known: every lock is checked against them).`,
      "Lock cold: fresh cache dirs and XDG_CACHE_HOME every run; warm: the caches of the cold part's last run, index up for both, a fresh output file each run.",
      "The case serves the corpus from its own index with PyPI's Cache-Control headers (files immutable, pages 10 minutes), and pip's lock runs with --trusted-host 127.0.0.1: without both, pip keeps no HTTP cache from a plain-http index and its \"warm\" runs would download everything again.",
      "pip --dry-run prepares each sdist's metadata in an isolated build environment on every run, cached or not: its cache spares only the downloads.",
      ...(pvPinnedCold ? [] : ["pack (pinned) cold was not measured in this run (add pack-cold to --only) so the last ratio is missing."]),
    ],
  };
}
