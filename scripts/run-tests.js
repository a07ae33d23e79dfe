#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with Node's test runner.
// Usage: node scripts/run-tests.js [substring ...]  — only files whose path contains a substring.
// With --real: the real-corpus suite instead (dist/test/real/**/*.real.js, `npm run test:real`),
// which needs `npm run corpus` first and is never part of `npm test`. With --resolver: the
// resolver's differential test against pip (dist/test/**/*.resolver.js, `npm run test:resolver`).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const testDir = path.join(root, "dist", "test");

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out;
}

const real = process.argv.includes("--real");
const resolver = process.argv.includes("--resolver");
const suffix = real ? ".real.js" : resolver ? ".resolver.js" : ".test.js";
const filters = process.argv.slice(2).filter((a) => a !== "--real" && a !== "--resolver");
const files = walk(real ? path.join(testDir, "real") : testDir).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const concurrency = process.env.PYVENDOR_TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  ["--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { stdio: "inherit", cwd: root },
);
process.exit(result.status ?? 1);
