// The layering of ARCHITECTURE.md holds: no module imports (at run time) from a layer above its own.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "./helpers/paths.js";

/** Highest first: a module may import from its own layer and those after it. */
const ORDER = ["cli", "pack", "install", "deploy", "bundle", "build", "wheel", "index", "cache", "python", "standards", "(shared)"];

function layerOf(file: string): string {
  const rel = path.relative(path.join(repoRoot, "src"), file).split(path.sep);
  if (rel.length === 1) {
    const base = (rel[0] ?? "").replace(/\.ts$/, "");
    return base === "pack" || base === "install" ? base : "(shared)";
  }
  return rel[0] ?? "(shared)";
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

test("no runtime import points up the layers (type-only imports of shared data types are allowed)", async () => {
  const upward: string[] = [];
  for (const file of await sources(path.join(repoRoot, "src"))) {
    if (file === path.join(repoRoot, "src", "index.ts")) continue; // the public API re-exports every layer
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(/^(import|export)(?!\s+type\b)[^;]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/gm)) {
      const spec = m[2] ?? m[3] ?? "";
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, ".ts");
      const [from, to] = [layerOf(file), layerOf(target)];
      if (ORDER.indexOf(to) < ORDER.indexOf(from)) upward.push(`${path.relative(repoRoot, file)} (${from}) imports ${path.relative(repoRoot, target)} (${to})`);
    }
  }
  assert.deepEqual(upward, []);
});
