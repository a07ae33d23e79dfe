// The layering of ARCHITECTURE.md holds: no module imports (at run time) from a layer above its own.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "./helpers/paths.js";

/** Highest first: a module may import from its own layer and those after it. */
const ORDER = ["cli", "pack", "lock", "install", "deploy", "bundle", "build", "wheel", "package-index", "resolve", "cache", "python", "standards", "(shared)"];

function layerOf(file: string): string {
  const rel = path.relative(path.join(repoRoot, "src"), file).split(path.sep);
  return rel.length === 1 ? "(shared)" : (rel[0] ?? "(shared)");
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(full)));
    else if (e.name.endsWith(".ts")) out.push(full);
  }
  return out;
}

/** Every runtime import of every module of src/ (static, re-exports and dynamic `import()`; not `import type`). */
async function runtimeImports(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const file of await sources(path.join(repoRoot, "src"))) {
    const text = await readFile(file, "utf8");
    const targets: string[] = [];
    for (const m of text.matchAll(/^(import|export)(?!\s+type\b)[^;]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/gm)) {
      targets.push(path.resolve(path.dirname(file), m[2] ?? m[3] ?? "").replace(/\.js$/, ".ts"));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components of more than one module (Tarjan), each as sorted relative paths. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        component.push(path.relative(repoRoot, w));
        if (w === v) break;
      }
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

test("no import cycle in src/, dynamic import() included", async () => {
  assert.deepEqual(cycles(await runtimeImports()), []);
});

test("no runtime import points up the layers (type-only imports of shared data types are allowed)", async () => {
  const upward: string[] = [];
  for (const [file, targets] of await runtimeImports()) {
    if (file === path.join(repoRoot, "src", "index.ts")) continue; // the public API re-exports every layer
    for (const target of targets) {
      const [from, to] = [layerOf(file), layerOf(target)];
      if (ORDER.indexOf(to) < ORDER.indexOf(from)) upward.push(`${path.relative(repoRoot, file)} (${from}) imports ${path.relative(repoRoot, target)} (${to})`);
    }
  }
  assert.deepEqual(upward, []);
});
