// Case "lock-real": the real-sdist corpus's project names, unpinned — `pyvendor lock` against `pip install --dry-run --report`, cold and warm.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startSwitchableIndex } from "../bench-index.js";
import type { BenchContext, CaseResult } from "../context.js";
import { lockRounds } from "../lock-rounds.js";
import { ratioVerdict, samePinsVerdict } from "../verdicts.js";
import { realCorpusOrSkip } from "./real.js";

const TITLE = "lock, real corpus: every project of `npm run corpus`, unpinned, from its own index";

export async function lockReal(ctx: BenchContext): Promise<CaseResult> {
  const corpus = await realCorpusOrSkip(ctx, "lock-real", TITLE);
  if ("skipped" in corpus) return corpus.skipped;
  const { served } = corpus;
  const names = [...new Set(served.entries.flatMap((e) => (e.kind === "sdist" && e.pypi ? [e.pypi.split("==")[0] as string] : [])))].sort();
  const caseDir = path.join(ctx.runDir, "lock-real");
  await mkdir(caseDir, { recursive: true });
  const requirementsIn = path.join(caseDir, "requirements.in");
  await writeFile(requirementsIn, `${names.join("\n")}\n`);
  const index = await startSwitchableIndex(served.files, { format: "html", pypiCacheHeaders: true });
  ctx.log(`  lock-real: ${names.length} projects, unpinned, served on ${index.url}`);
  // Both sides take minutes a run (each prepares the metadata of sdists): no warm-up, --real-cold-runs rounds.
  const rounds = { warmup: 0, runs: ctx.options.realColdRuns };
  let locks: Awaited<ReturnType<typeof lockRounds>>;
  try {
    locks = await lockRounds({ ctx, caseId: "lock-real", prefix: "real-", caseDir, requirementsIn, index, cold: rounds, warm: rounds });
  } finally {
    await index.stop();
  }
  const contenders = [...locks.cold, ...locks.warm];
  const by = (id: string) => contenders.find((c) => c.id === id);
  return {
    id: "lock-real",
    title: TITLE,
    contenders,
    verdicts: [
      ratioVerdict("real: pyvendor lock cold / pip --dry-run --report cold", by("real-pv-lock-cold"), by("real-pip-lock-cold"), { op: "<=", limit: 0.5 }),
      ratioVerdict("real: pyvendor lock warm / pip --dry-run --report warm", by("real-pv-lock-warm"), by("real-pip-lock-warm"), { op: "<=", limit: 0.1 }),
      samePinsVerdict("real: pins of pyvendor lock = pins of pip's report", locks.differences, locks.missing),
    ],
    notes: [
      `requirements.in: the ${names.length} projects of the real corpus, unpinned; their dependencies come from the same index. ${rounds.runs} run(s) of each part, no warm-up (--real-cold-runs).`,
      "The warm part reuses the caches of the cold part's last run; the index is up for both tools.",
      "For an sdist without static metadata (PEP 643) both tools run prepare_metadata_for_build_wheel in a build environment (nothing compiled); pyvendor prepares up to --jobs of them at once, asked ahead by the resolver.",
    ],
  };
}
