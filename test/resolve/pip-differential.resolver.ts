// Differential test against pip's resolver (`npm run test:resolver`, not part of `npm test`): on
// random small graphs served by a test index, pyvendor finds a solution exactly when pip does,
// and its solution meets every rule (the independent oracle of brute-force.ts).
// PYVENDOR_DIFF_RUNS sets the number of graphs (default 200), PYVENDOR_DIFF_SEED the seed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { isPyvendorError } from "../../src/errors.js";
import { resolve } from "../../src/resolve/index.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { memoryProvider } from "../helpers/memory-provider.js";
import { newestPip, pipResolve, serveGraph, type PipOutcome } from "../helpers/pip-resolution.js";
import { problemFor } from "../helpers/resolution-problems.js";
import { makeOracle, violation, type Problem } from "./brute-force.js";

const RUNS = Number(process.env.PYVENDOR_DIFF_RUNS ?? "200");
const SEED = Number(process.env.PYVENDOR_DIFF_SEED ?? "20261207");
const PYTHON = "python3";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-resolver-diff-");
});
after(async () => {
  await work?.cleanup();
});

type Ours = { kind: "solved"; pins: Map<string, string> } | { kind: "impossible"; message: string };

async function ours(p: Problem): Promise<Ours> {
  try {
    const { pins } = await resolve({ requirements: p.requirements, constraints: p.constraints, target: p.target, options: { pre: p.pre } }, memoryProvider(p.graph));
    return { kind: "solved", pins: new Map(pins.map((pin) => [pin.name, pin.version])) };
  } catch (error: unknown) {
    if (!isPyvendorError(error, "E_RESOLUTION_IMPOSSIBLE")) throw error;
    return { kind: "impossible", message: error.message };
  }
}

const show = (o: Ours | PipOutcome): string => (o.kind === "solved" ? [...o.pins].sort().map(([n, v]) => `${n}==${v}`).join(" ") || "(nothing)" : o.kind);

test(`pyvendor and pip agree on whether random graphs have a solution (${RUNS} graphs, seed ${SEED})`, { timeout: 60 * 60 * 1000 }, async () => {
  const version = execFileSync(PYTHON, ["-c", "import platform; print(platform.python_version())"], { env: cleanEnv(), encoding: "utf8" }).trim();
  const pip = newestPip();
  const problems = fc.sample(problemFor(version), { numRuns: RUNS, seed: SEED });
  const disagreements: string[] = [];
  let inconclusive = 0;
  let solved = 0;
  for (const [i, p] of problems.entries()) {
    const server = await serveGraph(p.graph, `${work.dir}/graph-${i}`);
    let theirs: PipOutcome;
    try {
      theirs = await pipResolve(p, server, { python: PYTHON, pip, dir: work.dir });
    } finally {
      await server.stop();
    }
    const mine = await ours(p);
    if (mine.kind === "solved") {
      solved++;
      const broken = violation(makeOracle(p), mine.pins);
      assert.equal(broken, undefined, `pyvendor's solution breaks a rule: ${broken}\n${JSON.stringify(p)}`);
    }
    if (theirs.kind === "inconclusive") {
      inconclusive++;
      continue;
    }
    if (theirs.kind !== mine.kind) {
      disagreements.push(`graph ${i}: pip ${show(theirs)}, pyvendor ${show(mine)}\n  ${JSON.stringify({ ...p, target: undefined })}${mine.kind === "impossible" ? `\n  ${mine.message.replace(/\n/g, "\n  ")}` : ""}`);
    }
  }
  console.log(`${problems.length} graphs against ${pip}: ${solved} solved by pyvendor, ${inconclusive} without a verdict from pip, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(inconclusive <= problems.length * 0.05, `pip gave no verdict on ${inconclusive} graphs`);
});
