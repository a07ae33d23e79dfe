// pip's resolver as the oracle of the resolver's differential test: a dependency graph served by a
// test index of tiny wheels, and what `pip install --dry-run --report` chooses from it.
import { readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { cleanEnv } from "./env.js";
import { MIRROR_FILES_DIR } from "./fixture-index.js";
import { startIndexServer, type IndexFile, type IndexServer } from "./index-server.js";
import type { MemoryGraph } from "./memory-provider.js";
import { buildWheel } from "./wheel-factory.js";

/** Every generated wheel declares these extras (pip ignores an extra a wheel does not provide). */
export const GRAPH_EXTRAS = ["e", "f"];

/** What to resolve against a graph, as the resolver's input says it. */
export interface PipProblem {
  graph: MemoryGraph;
  requirements: string[];
  constraints: string[];
  pre: boolean;
}

/** pip's answer: the pins it would install, no solution, or no verdict (it gave up or failed otherwise). */
export type PipOutcome =
  | { kind: "solved"; pins: Map<string, string> }
  | { kind: "impossible"; message: string }
  | { kind: "inconclusive"; message: string };

/**
 * Serves `graph` from a test index on 127.0.0.1: one py3-none-any wheel per release (its
 * Requires-Dist, Requires-Python from the metadata or the index, one module), yanked releases
 * marked yanked, the index's Requires-Python as data-requires-python. `stop()` when done.
 */
export async function serveGraph(graph: MemoryGraph, dir: string): Promise<IndexServer> {
  await mkdir(dir, { recursive: true });
  const files: IndexFile[] = [];
  for (const [name, releases] of Object.entries(graph)) {
    for (const [version, release] of Object.entries(releases)) {
      const r = Array.isArray(release) ? { deps: release } : release;
      const requiresPython = r.metadataRequiresPython ?? r.requiresPython;
      const wheel = await buildWheel(
        {
          name,
          version,
          files: [{ path: `${name.replace(/[-.]/g, "_")}/__init__.py`, data: "" }],
          metadata: [
            ...GRAPH_EXTRAS.map((e) => `Provides-Extra: ${e}`),
            ...(r.deps ?? []).map((q) => `Requires-Dist: ${q}`),
            ...(requiresPython ? [`Requires-Python: ${requiresPython}`] : []),
          ],
        },
        dir,
      );
      files.push({ path: wheel.path, ...(r.yanked ? { yanked: true } : {}), ...(r.requiresPython ? { requiresPython: r.requiresPython } : {}) });
    }
  }
  return startIndexServer({ files });
}

/**
 * The pip to compare with: the newest pip wheel of the machine's wheel mirror, run from the wheel
 * itself (`python pip-X.whl/pip`). Not the interpreter's own pip, which may vendor an old
 * `packaging` (pip 23.2's never takes a pre-release that is the only match of a specifier, as
 * packaging >= 22 and current pip do). Throws when the mirror has none.
 */
export function newestPip(): string {
  const wheels = readdirSync(MIRROR_FILES_DIR).filter((f) => /^pip-[\d.]+-py3-none-any\.whl$/.test(f));
  const key = (f: string) => (f.split("-")[1] ?? "").split(".").map(Number);
  const newest = wheels.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  }).at(-1);
  if (!newest) throw new Error(`no pip wheel in ${MIRROR_FILES_DIR}: the differential test runs the newest pip from there`);
  return path.join(MIRROR_FILES_DIR, newest, "pip");
}

/**
 * What pip (`python PIP`, see newestPip) resolves for the problem from `server`, ignoring what the
 * interpreter has installed; constraints through a -c file in `dir`.
 */
export async function pipResolve(problem: PipProblem, server: IndexServer, options: { python: string; pip: string; dir: string; timeoutMs?: number }): Promise<PipOutcome> {
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const report = path.join(options.dir, `report-${stamp}.json`);
  const constraints = path.join(options.dir, `constraints-${stamp}.txt`);
  await writeFile(constraints, problem.constraints.map((c) => `${c}\n`).join(""));
  const result = await execa(
    options.python,
    [options.pip, "install", "--dry-run", "--ignore-installed", "--index-url", server.url, "--report", report, "--quiet",
      "-c", constraints, ...(problem.pre ? ["--pre"] : []), "--", ...problem.requirements],
    { env: cleanEnv(), reject: false, timeout: options.timeoutMs ?? 120_000, all: true },
  );
  try {
    if (result.exitCode === 0) {
      const doc = JSON.parse(await readFile(report, "utf8")) as { install: { metadata: { name: string; version: string } }[] };
      return { kind: "solved", pins: new Map(doc.install.map((i) => [normalize(i.metadata.name), i.metadata.version])) };
    }
    const text = result.all ?? "";
    if (result.timedOut || /ResolutionTooDeep/.test(text)) return { kind: "inconclusive", message: text };
    if (/ResolutionImpossible|No matching distribution found|Could not find a version that satisfies/.test(text)) return { kind: "impossible", message: text };
    return { kind: "inconclusive", message: text };
  } finally {
    await rm(report, { force: true });
    await rm(constraints, { force: true });
  }
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
