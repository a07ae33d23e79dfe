// Differential testing harness: sample inputs with fast-check, ask packaging once, compare all.
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { askPackaging, type OracleAnswer, type OracleRequest } from "../helpers/packaging-oracle.js";

/**
 * How many cases to run and with which seed. CI uses the fixed seed and the given default count;
 * `npm run fuzz:standards` sets PYVENDOR_FUZZ_RUNS and (unless PYVENDOR_FUZZ_SEED is set) a random
 * seed, which every test prints so a failure can be replayed.
 */
export interface FuzzPlan {
  runs: number;
  seed: number;
}

const FIXED_SEED = 440_508;

export function fuzzPlan(defaultRuns: number, log: (message: string) => void = () => {}, maxRuns = Infinity): FuzzPlan {
  const runsEnv = process.env.PYVENDOR_FUZZ_RUNS;
  const seedEnv = process.env.PYVENDOR_FUZZ_SEED;
  const runs = Math.min(maxRuns, runsEnv ? Math.max(1, Number.parseInt(runsEnv, 10)) : defaultRuns);
  let seed = FIXED_SEED;
  if (seedEnv && seedEnv !== "random") seed = Number.parseInt(seedEnv, 10);
  else if (seedEnv === "random" || runsEnv) seed = Math.floor(Math.random() * 2 ** 31);
  log(`fuzz: ${runs} cases, seed ${seed} (replay with PYVENDOR_FUZZ_SEED=${seed} PYVENDOR_FUZZ_RUNS=${runs})`);
  return { runs, seed };
}

/** Deterministic samples of `arb` for the plan. */
export function sampleCases<T>(arb: fc.Arbitrary<T>, plan: FuzzPlan): T[] {
  return fc.sample(arb, { numRuns: plan.runs, seed: plan.seed });
}

/** Our side of a comparison: the same shape as an oracle answer, with errors as `{ err }`. */
export type Outcome = { ok: unknown } | { err: string };

/** Runs `fn`, turning any thrown error into `{ err }` (so "rejects" compares to "rejects"). */
export function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: fn() };
  } catch (error: unknown) {
    return { err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function sameOutcome(ours: Outcome, theirs: OracleAnswer): boolean {
  if (theirs.err !== undefined) return "err" in ours;
  return "ok" in ours && isDeepStrictEqual(ours.ok, theirs.ok);
}

export interface DifferentialCase<I> {
  /** Inputs to check. */
  inputs: I[];
  /** The oracle request for one input. */
  request: (input: I) => OracleRequest;
  /** Our answer for one input. */
  ours: (input: I) => Outcome;
  /** Optional: compare answers yourself (default: errors match errors, values deep-equal). */
  same?: (ours: Outcome, theirs: OracleAnswer, input: I) => boolean;
}

/**
 * Asks packaging about every input in one batch and asserts that our answers are identical.
 * On failure the message lists the shortest disagreeing inputs with both answers.
 * Returns the number of cases compared.
 */
export async function assertSameAsPackaging<I>(spec: DifferentialCase<I>): Promise<number> {
  const answers = await askPackaging(spec.inputs.map(spec.request));
  const same = spec.same ?? ((ours: Outcome, theirs: OracleAnswer) => sameOutcome(ours, theirs));
  const failures: { input: I; ours: Outcome; theirs: OracleAnswer; size: number }[] = [];
  spec.inputs.forEach((input, i) => {
    const theirs = answers[i] as OracleAnswer;
    const ours = spec.ours(input);
    if (!same(ours, theirs, input)) failures.push({ input, ours, theirs, size: JSON.stringify(input).length });
  });
  if (failures.length > 0) {
    failures.sort((a, b) => a.size - b.size);
    const shown = failures
      .slice(0, 8)
      .map((f) => `input:  ${JSON.stringify(f.input)}\n  ours:   ${JSON.stringify(f.ours)}\n  theirs: ${JSON.stringify(f.theirs)}`)
      .join("\n");
    assert.fail(`${failures.length} of ${spec.inputs.length} cases differ from packaging:\n${shown}`);
  }
  return spec.inputs.length;
}
