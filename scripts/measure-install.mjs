#!/usr/bin/env node
// Whole-process install timings for one bundle, side by side with `node -e 0` and `cp -a` of the
// finished venv: warm store (copies, the default here; hard links), empty store. Runs alternate,
// the outputs are removed and `sync` runs between runs (untimed); medians of RUNS after a warm-up.
// Usage: node scripts/measure-install.mjs BUNDLE [WORKDIR (default: a new dir in /tmp; /dev/shm for tmpfs)] [RUNS (5)]
// Needs `npm run build`. Prints the medians and the ratios issue 31 sets goals for.
import { existsSync, mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const [bundleArg, workArg, runsArg] = process.argv.slice(2);
if (!bundleArg) {
  console.error("usage: node scripts/measure-install.mjs BUNDLE [WORKDIR] [RUNS]");
  process.exit(2);
}
const bundle = path.resolve(bundleArg);
const R = workArg ? path.resolve(workArg) : mkdtempSync("/tmp/pyvendor-measure-");
const runs = Number(runsArg ?? 5);
const pv = [process.execPath, path.join(path.dirname(new URL(import.meta.url).pathname), "..", "bin", "pyvendor.js")];
const run = (argv) => {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
};
if (!existsSync(`${R}/finished`)) run([...pv, "install", bundle, "--venv", `${R}/finished`, "--cache-dir", `${R}/warm`]);
if (!existsSync(`${R}/warm-hl`)) run([...pv, "install", bundle, "--venv", `${R}/hl0`, "--cache-dir", `${R}/warm-hl`, "--link-mode", "hardlink"]);
const cases = {
  "node -e 0": { argv: [process.execPath, "-e", "0"], clean: [] },
  "cp -a (finished venv)": { argv: ["cp", "-a", `${R}/finished`, `${R}/c`], clean: [`${R}/c`] },
  "warm store, copies": { argv: [...pv, "install", bundle, "--venv", `${R}/v`, "--cache-dir", `${R}/warm`], clean: [`${R}/v`] },
  "warm store, hard links": { argv: [...pv, "install", bundle, "--venv", `${R}/h`, "--cache-dir", `${R}/warm-hl`, "--link-mode", "hardlink"], clean: [`${R}/h`] },
  "empty store": { argv: [...pv, "install", bundle, "--venv", `${R}/e`, "--cache-dir", `${R}/empty`], clean: [`${R}/e`, `${R}/empty`] },
};
// The floor for an empty store: unzip of every wheel of the bundle, one after the other.
if (spawnSync("unzip", ["-v"], { stdio: "ignore" }).status === 0) {
  cases["unzip loop (floor)"] = { argv: ["sh", "-c", `mkdir -p "${R}/u" && for w in "${bundle}"/wheels/*.whl; do unzip -q -o "$w" -d "${R}/u/$(basename "$w")" || exit 1; done`], clean: [`${R}/u`] };
}
const times = {};
for (let i = 0; i <= runs; i++) {
  for (const [name, c] of Object.entries(cases)) {
    spawnSync("rm", ["-rf", ...c.clean]);
    spawnSync("sync");
    const t0 = performance.now();
    run(c.argv);
    if (i > 0) (times[name] ??= []).push(performance.now() - t0);
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [name, a] of Object.entries(times)) console.log(`${name.padEnd(24)} ${med(a).toFixed(0).padStart(6)} ms   (${a.map((x) => x.toFixed(0)).join(" ")})`);
const cp = med(times["cp -a (finished venv)"]);
const node0 = med(times["node -e 0"]);
console.log(`warm copies:    ${(med(times["warm store, copies"]) / cp).toFixed(2)}x cp -a  (goal: <= node -e 0 + cp -a = ${(node0 + cp).toFixed(0)} ms)`);
console.log(`warm hardlinks: ${(med(times["warm store, hard links"]) / cp).toFixed(2)}x cp -a  (goal: <= 0.5x)`);
const floor = times["unzip loop (floor)"] ? ` = ${(med(times["empty store"]) / med(times["unzip loop (floor)"])).toFixed(2)}x the unzip loop (goal: <= 1.0x)` : " (no unzip here for the floor)";
console.log(`empty store:    ${(med(times["empty store"]) / cp).toFixed(2)}x cp -a${floor}`);
console.log(`work dir: ${R}`);
