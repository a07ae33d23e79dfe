// Fuzzing install with hostile bundles: hostile strings in every wheel and manifest field that reaches a path,
// in every bundle form and install mode; nothing may be written outside the target, and a refusal is a clean
// PyvendorError. PYVENDOR_FUZZ_RUNS sets the number of cases (CI: a small default; `npm run fuzz:hostile`: 5000),
// PYVENDOR_FUZZ_SEED replays a run. Known bugs (KNOWN_ISSUES) are counted and printed, not failed, unless
// PYVENDOR_FUZZ_STRICT=1.
import assert from "node:assert/strict";
import { realpathSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";
import { buildCase, describeCase, hostileCase, type HostileCase } from "../helpers/hostile-cases.js";
import { installBundle, writeHostileBundle } from "../helpers/hostile-bundle.js";
import { assertContained, installContained } from "../helpers/hostile-outcome.js";
import { EVIL_ABSOLUTE_PREFIX } from "../helpers/hostile-strings.js";
import { python3 } from "../helpers/install-venv.js";

const RUNS = Number(process.env.PYVENDOR_FUZZ_RUNS ?? "60");
const SEED = process.env.PYVENDOR_FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.PYVENDOR_FUZZ_SEED);
const STRICT = process.env.PYVENDOR_FUZZ_STRICT === "1";
/**
 * Bugs this fuzz found that main has yet to fix: a failure matching one must still leave nothing
 * behind and write nothing outside. Remove an entry once fixed (then the fuzz enforces it).
 */
const KNOWN_ISSUES: { id: string; matches: (err: unknown) => boolean }[] = [
  // Fixed on main, found by this fuzz: a path component over 255 bytes (plain ENAMETOOLONG, now
  // E_UNSAFE_PATH), a .dist-info without METADATA under .data/purelib (plain ENOENT in the
  // post-install check, now skipped as pip skips it), stored bytes renamed to another version.
];
/** The archive library refused to write the bundle (no install to try). */
const UNWRITABLE = "writeHostileBundle: the archive library refused";

let work: { dir: string; cleanup: () => Promise<void> };
let cacheDir: string;
let realPython: string;
let workNames: string[];
let cwdNames: string[];
let n = 0;
const stats = { cases: 0, installed: 0, unwritable: 0, refused: new Map<string, number>(), known: new Map<string, number>() };

/** The first frame of pyvendor's own code in the error's stack, e.g. `src/wheel/store-unpack.js:26`. */
function thrownAt(err: unknown): string {
  const frame = err instanceof Error ? /dist\/(src\/[^:)]+:\d+)/.exec(err.stack ?? "") : null;
  return frame?.[1] ?? "unknown place";
}

function knownIssue(err: unknown): string | undefined {
  const known = STRICT ? undefined : KNOWN_ISSUES.find((k) => k.matches(err));
  return known && `${known.id}, thrown at ${thrownAt(err)}`;
}

/** The names under /tmp a hostile absolute path would create. */
async function evilStrays(): Promise<string[]> {
  const dir = path.dirname(EVIL_ABSOLUTE_PREFIX);
  return (await readdir(dir)).filter((name) => `${dir}/${name}`.startsWith(EVIL_ABSOLUTE_PREFIX)).sort();
}

/** Names in the working and scratch directories: a relative hostile path resolved against cwd would add one. */
async function topNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

before(async () => {
  work = await tempDir("pyvendor-hostile-fuzz-");
  cacheDir = path.join(work.dir, "cache");
  realPython = realpathSync.native((await python3()).executable);
  await mkdir(path.join(work.dir, "cases"));
  // One honest install first: it fills the interpreter cache and proves the checks pass on a good venv.
  const { wheel } = buildCase({ injections: [], form: "dir", mode: "venv" });
  const bundle = await writeHostileBundle({ wheels: [wheel], form: "dir", dir: path.join(work.dir, "honest") });
  const venv = await installBundle({ bundle, mode: "venv", dest: path.join(work.dir, "honest", "venv"), cacheDir });
  await assertContained(venv, realPython);
  await rm(path.join(work.dir, "honest"), { recursive: true, force: true });
  workNames = await topNames(work.dir);
  cwdNames = await topNames(process.cwd());
});

after(async () => {
  await work?.cleanup();
});

async function runCase(c: HostileCase): Promise<void> {
  const caseRoot = path.join(work.dir, "cases", String(++n));
  const outside = path.join(caseRoot, "outside");
  const source = path.join(caseRoot, "src");
  const dest = c.mode === "venv" ? path.join(caseRoot, "a", "b", "venv") : path.join(caseRoot, "a");
  try {
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, "keep.txt"), "untouched\n");
    const { wheel, alterManifest } = buildCase(c);
    let bundle: string;
    try {
      bundle = await writeHostileBundle({ wheels: [wheel], form: c.form, dir: source, ...(alterManifest ? { alterManifest } : {}) });
    } catch (err: unknown) {
      if (err instanceof Error && err.message.startsWith(UNWRITABLE)) {
        stats.unwritable++;
        return;
      }
      throw err;
    }
    const outcome = await installContained({
      bundle, mode: c.mode, dest, cacheDir, caseRoot, outside, untouched: [source], realPython, strays: evilStrays, knownIssue,
    });
    stats.cases++;
    if (outcome.kind === "installed") stats.installed++;
    else if (outcome.kind === "known") stats.known.set(outcome.issue, (stats.known.get(outcome.issue) ?? 0) + 1);
    else stats.refused.set(outcome.code, (stats.refused.get(outcome.code) ?? 0) + 1);
    assert.deepEqual(await topNames(work.dir), workNames, "nothing may appear beside the cases and the cache");
    assert.deepEqual(await topNames(process.cwd()), cwdNames, "nothing may appear in the working directory");
  } catch (err: unknown) {
    throw new Error(`case ${n}: ${describeCase(c)}\n${err instanceof Error ? err.stack ?? err.message : String(err)}`, { cause: err });
  }
  await rm(caseRoot, { recursive: true, force: true });
}

test("fuzz: hostile bundles are refused cleanly or install only inside the target", async (t) => {
  t.diagnostic(`hostile-fuzz: ${RUNS} cases, seed ${SEED} (PYVENDOR_FUZZ_SEED=${SEED} replays), tmp ${os.tmpdir()}`);
  const started = performance.now();
  try {
    await fc.assert(fc.asyncProperty(hostileCase, runCase), { numRuns: RUNS, seed: SEED, includeErrorInReport: true });
  } finally {
    const refused = [...stats.refused].sort((a, b) => b[1] - a[1]).map(([code, count]) => `${code} ${count}`).join(", ");
    const refusedTotal = [...stats.refused.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(
      `hostile-fuzz: ${stats.cases} installs tried in ${Math.round((performance.now() - started) / 1000)} s: ` +
        `${stats.installed} installed, ${refusedTotal} refused (${refused || "none"}), ${stats.unwritable} bundles unwritable`,
    );
    for (const [issue, count] of stats.known) t.diagnostic(`hostile-fuzz: KNOWN ISSUE (not failed; PYVENDOR_FUZZ_STRICT=1 fails it) ${count}x: ${issue}`);
  }
});
