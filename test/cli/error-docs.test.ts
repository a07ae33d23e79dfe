// docs/errors.md matches the error table, and every code thrown in src/ is in the table.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { renderErrorDocs } from "../../src/cli/error-docs.js";
import { ERROR_CODES } from "../../src/error-codes.js";
import { repoRoot } from "../helpers/paths.js";

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (entry.name.endsWith(".ts")) out.push(full);
  }
  return out;
}

test("docs/errors.md is generated from the table (run `npm run docs:errors` after changing it)", async () => {
  const onDisk = await readFile(path.join(repoRoot, "docs", "errors.md"), "utf8");
  assert.equal(onDisk, renderErrorDocs());
});

test("every E_ code written in src/ is in the error table", async () => {
  const known = new Set(Object.keys(ERROR_CODES));
  const unknown: string[] = [];
  for (const file of await sourceFiles(path.join(repoRoot, "src"))) {
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(/["'`](E_[A-Z0-9_]+)["'`]/g)) {
      if (!known.has(match[1] ?? "")) unknown.push(`${path.relative(repoRoot, file)}: ${match[1]}`);
    }
  }
  assert.deepEqual(unknown, []);
});
