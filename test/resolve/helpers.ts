// Shared helpers of the resolver tests: resolve a literal graph, show pins compactly, catch failures.
import assert from "node:assert/strict";
import { isPyvendorError } from "../../src/errors.js";
import { resolve, type ResolveInput, type Resolution } from "../../src/resolve/index.js";
import { linuxTarget, memoryProvider, type MemoryGraph } from "../helpers/memory-provider.js";

export interface Case {
  graph: MemoryGraph;
  requirements: string[];
  constraints?: string[];
  pre?: boolean;
  python?: string;
  target?: ResolveInput["target"];
}

/** Resolves a case against its graph (target: Linux CPython 3.11.7 unless given). */
export function resolveCase(c: Case): Promise<Resolution> {
  const input: ResolveInput = {
    requirements: c.requirements,
    constraints: c.constraints ?? [],
    target: c.target ?? linuxTarget(c.python),
    options: { pre: c.pre ?? false },
  };
  return resolve(input, memoryProvider(c.graph));
}

/** The pins as "a==1.0 b==2.0". */
export async function pinsOf(c: Case): Promise<string> {
  const { pins } = await resolveCase(c);
  return pins.map((p) => `${p.name}==${p.version}`).join(" ");
}

/** The explanation of a case that must fail with E_RESOLUTION_IMPOSSIBLE. */
export async function explanationOf(c: Case): Promise<string> {
  try {
    const resolution = await resolveCase(c);
    assert.fail(`expected no solution, got ${resolution.pins.map((p) => `${p.name}==${p.version}`).join(" ")}`);
  } catch (error: unknown) {
    if (!isPyvendorError(error, "E_RESOLUTION_IMPOSSIBLE")) throw error;
    assert.deepEqual(error.data.explanation, error.message.split("\n"));
    return error.message;
  }
}
