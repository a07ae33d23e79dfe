// Command-line options of `npm run bench` (node:util parseArgs; the bench is not part of the shipped CLI).
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SEED } from "./corpus/generate.js";

export const CASE_IDS = ["pack-cold", "pack-warm", "install", "releases", "lock", "real", "lock-real"] as const;
export type CaseId = (typeof CASE_IDS)[number];

/** Cases on the real-sdist corpus: left out of --quick unless --only names them. */
const REAL_CASES: readonly string[] = ["real", "lock-real"];

export interface BenchOptions {
  quick: boolean;
  cases: CaseId[];
  python: string;
  packages: number;
  seed: string;
  warmup: number;
  runs: number;
  keep: boolean;
  /** Counted rounds of the real corpus's pack cold and of lock-real's parts (no warm-up: pip's side is slow). */
  realColdRuns: number;
  /** Counted rounds of the real corpus's other parts (after one warm-up). */
  realRuns: number;
  /** The pyvendor CLI script to drive (default: bin/pyvendor.js of this tree). */
  cli?: string;
  /** A bundle of the real corpus made before: the real case measures only its install part. */
  realBundle?: string;
}

export const USAGE = `usage: npm run bench -- [options]

  --quick             small corpus (3 packages, one with a C extension), 1 warm-up + 3 counted runs:
                      under two minutes on a quiet 2-core machine; leaves out the real corpus
  --only <case,...>   run only these cases: ${CASE_IDS.join(", ")}
                      ("real", "lock-real": the cached real-sdist corpus of \`npm run corpus\`,
                      skipped when missing)
  --python <path>     target interpreter (default /root/.pyenv/versions/3.11.7/bin/python3)
  --packages <n>      corpus size (default 30; 3 with --quick)
  --seed <text>       corpus seed (default "${DEFAULT_SEED}")
  --warmup <n>        uncounted rounds per case, at least 1 (default 1)
  --runs <n>          counted rounds per case, at least 1 (default 5; 3 with --quick)
  --real-cold-runs <n>  counted rounds of the real corpus's pack cold and of lock-real's parts,
                      no warm-up (default 1)
  --real-runs <n>     counted rounds of its pack warm and install, after 1 warm-up (default 3)
  --real-bundle <dir> a bundle of the real corpus packed before (e.g. bench/work/<run>/real/kept/bundle
                      with --keep): skip both packs, measure only the installs (a few minutes)
  --keep              keep the scratch directories under bench/work/
  --cli <path>        the pyvendor CLI script to drive (default bin/pyvendor.js of this tree),
                      e.g. another checkout's, to compare two versions
  -h, --help          this text
`;

function positiveInt(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return n;
}

/** Parses argv (without node and script); returns undefined for --help. Throws Error on bad input. */
export function parseBenchOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      python: { type: "string", default: "/root/.pyenv/versions/3.11.7/bin/python3" },
      packages: { type: "string" },
      seed: { type: "string", default: DEFAULT_SEED },
      warmup: { type: "string" },
      runs: { type: "string" },
      keep: { type: "boolean", default: false },
      "real-cold-runs": { type: "string" },
      "real-runs": { type: "string" },
      cli: { type: "string" },
      "real-bundle": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const cases = values.only ? values.only.split(",").map((s) => s.trim()).filter(Boolean) : CASE_IDS.filter((c) => !(values.quick && REAL_CASES.includes(c)));
  for (const c of cases) {
    if (!(CASE_IDS as readonly string[]).includes(c)) throw new Error(`unknown case ${JSON.stringify(c)}; cases: ${CASE_IDS.join(", ")}`);
  }
  return {
    quick: values.quick,
    cases: cases as CaseId[],
    python: values.python,
    packages: positiveInt("packages", values.packages, values.quick ? 3 : 30, 1),
    seed: values.seed,
    warmup: positiveInt("warmup", values.warmup, 1, 1),
    runs: positiveInt("runs", values.runs, values.quick ? 3 : 5, 1),
    keep: values.keep,
    realColdRuns: positiveInt("real-cold-runs", values["real-cold-runs"], 1, 1),
    realRuns: positiveInt("real-runs", values["real-runs"], 3, 1),
    ...(values.cli ? { cli: values.cli } : {}),
    ...(values["real-bundle"] ? { realBundle: path.resolve(values["real-bundle"]) } : {}),
  };
}
