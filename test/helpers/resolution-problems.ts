// Random small resolution problems (fast-check): graphs of up to 6 projects x 4 versions with
// pre-releases, yanked releases, Requires-Python, extras, markers, constraints, missing projects.
import fc from "fast-check";
import type { Problem } from "../resolve/brute-force.js";
import { linuxTarget, type MemoryGraph, type MemoryRelease } from "./memory-provider.js";

export const MAX_PROJECTS = 6;
const POOL = ["1.0", "1.1", "2.0b1", "2.0", "3.0"];
const BOUNDS = ["1.0", "1.1", "2.0b1", "2.0", "2.5", "3.0"];
const MARKERS = ["", "", "", 'sys_platform == "win32"', 'extra == "e"', 'extra == "f"', 'extra == "e" and sys_platform == "linux"'];

const specifier = fc.oneof(
  { weight: 6, arbitrary: fc.constant("") },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(">=", "<", "==", "!=", ">", "<=", "~="), fc.constantFrom(...BOUNDS)).map(([op, v]) => `${op}${v}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...BOUNDS), fc.constantFrom(...BOUNDS)).map(([lo, hi]) => `>=${lo},<${hi}`) },
);

// A requirement on one of `count` projects, now and then on one the index does not have.
const requirement = (count: number, withMarker: boolean): fc.Arbitrary<string> =>
  fc
    .record({
      project: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: count - 1 }) }, { weight: 1, arbitrary: fc.constant(count) }),
      extra: fc.constantFrom("", "", "", "", "", "[e]", "[f]", "[e,f]"),
      spec: specifier,
      marker: withMarker ? fc.constantFrom(...MARKERS) : fc.constant(""),
    })
    .map(({ project, extra, spec, marker }) => `p${project}${extra}${spec}${marker ? `; ${marker}` : ""}`);

const release = (count: number): fc.Arbitrary<MemoryRelease> => fc.record({
  deps: fc.array(requirement(count, true), { maxLength: 3 }),
  yanked: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  requiresPython: fc.constantFrom(undefined, undefined, undefined, undefined, ">=3.8", ">=3.12"),
}).map((r) => (r.requiresPython === undefined ? { deps: r.deps, yanked: r.yanked } : { ...r, requiresPython: r.requiresPython }));

const project = (count: number): fc.Arbitrary<Record<string, MemoryRelease>> =>
  fc
    .uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: 4 })
    .chain((versions) => fc.tuple(...versions.map(() => release(count))).map((releases) => Object.fromEntries(versions.map((v, i) => [v, releases[i]]))));

/** A problem resolved for CPython `python` on Linux. */
export const problemFor = (python?: string): fc.Arbitrary<Problem> => fc
  .integer({ min: 1, max: MAX_PROJECTS })
  .chain((count) =>
    fc.record({
      projects: fc.array(project(count), { minLength: count, maxLength: count }),
      requirements: fc.array(requirement(count, false), { minLength: 1, maxLength: 3 }),
      constraints: fc.array(requirement(count, true), { maxLength: 2 }).map((cs) => cs.map((c) => c.replace(/\[[^\]]*\]/, ""))),
      pre: fc.boolean(),
    }),
  )
  .map(({ projects, requirements, constraints, pre }) => {
    const graph: MemoryGraph = Object.fromEntries(projects.map((releases, i) => [`p${i}`, releases]));
    return { graph, requirements, constraints, pre, target: linuxTarget(python) };
  });

export const problem: fc.Arbitrary<Problem> = problemFor();
