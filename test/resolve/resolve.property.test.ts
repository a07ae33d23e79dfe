// Property: on random small graphs every solution meets every rule (checked by an independent
// oracle), and "impossible" is only said when a search of all combinations finds nothing either.
// PYVENDOR_FUZZ_RUNS sets the number of graphs (default 200).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isPyvendorError } from "../../src/errors.js";
import { resolve } from "../../src/resolve/index.js";
import { linuxTarget, memoryProvider, type MemoryGraph, type MemoryRelease } from "../helpers/memory-provider.js";
import { MAX_PROJECTS, problem } from "../helpers/resolution-problems.js";
import { anySolution, makeOracle, violation, type Problem, type Selection } from "./brute-force.js";

const RUNS = Number(process.env.PYVENDOR_FUZZ_RUNS ?? "200");

test(`random graphs: solutions meet every rule, and impossible means no combination works (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(problem, async (p) => {
      const oracle = makeOracle(p);
      const input = { requirements: p.requirements, constraints: p.constraints, target: p.target, options: { pre: p.pre } };
      let pins;
      try {
        ({ pins } = await resolve(input, memoryProvider(p.graph)));
      } catch (error: unknown) {
        if (!isPyvendorError(error, "E_RESOLUTION_IMPOSSIBLE")) throw error;
        assert.ok(error.message.length > 0);
        const projects = Array.from({ length: MAX_PROJECTS }, (_, i) => `p${i}`).filter((name) => p.graph[name] !== undefined);
        assert.equal(anySolution(oracle, projects), false, `the resolver said impossible:\n${error.message}`);
        return;
      }
      const selection: Selection = new Map(pins.map((pin) => [pin.name, pin.version]));
      const extras = new Map<string, Set<string>>();
      assert.equal(violation(oracle, selection, extras), undefined);
      for (const pin of pins) {
        assert.ok(pin.requestedBy.length > 0, `${pin.name} was pinned but nobody asked for it`);
        for (const extra of extras.get(pin.name) ?? []) assert.ok(pin.extras.includes(extra), `${pin.name}[${extra}] missing`);
      }
    }),
    { numRuns: RUNS },
  );
});

test("a wider graph with many conflicts (60 projects x 12 versions) resolves to pins the oracle accepts", async () => {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const graph: MemoryGraph = {};
  for (let i = 0; i < 60; i++) {
    const releases: Record<string, MemoryRelease> = {};
    for (let v = 1; v <= 12; v++) {
      const deps: string[] = [];
      for (let d = 0; d < 3; d++) {
        const j = i + 1 + Math.floor(random() * 8);
        const bound = Math.floor(random() * 12) + 1;
        if (j < 60) deps.push(random() < 0.5 ? `p${j}>=${bound}.0` : `p${j}<${bound}.0`);
      }
      releases[`${v}.0`] = deps;
    }
    graph[`p${i}`] = releases;
  }
  const p: Problem = { graph, requirements: ["p0", "p1", "p2<6"], constraints: [], pre: false, target: linuxTarget() };
  const { pins } = await resolve({ requirements: p.requirements, target: p.target }, memoryProvider(graph));
  assert.ok(pins.length > 20);
  assert.equal(violation(makeOracle(p), new Map(pins.map((pin) => [pin.name, pin.version]))), undefined);
});
