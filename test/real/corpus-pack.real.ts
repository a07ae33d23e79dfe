// The real corpus as the test of record: every sdist packed for CPython 3.11, installed offline, every top-level module imported, `pip check` clean, the venv equal to pip's, a second pack byte-identical.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { install } from "../../src/install/venv.js";
import { pack } from "../../src/pack/pipeline.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { runCliWithUmask } from "../helpers/cli.js";
import { allowedPipDifference, bundleDifferences, diffSnapshots, normalizeForPip, snapshot } from "../helpers/venv-tree.js";
import { importAll } from "./import-all.js";
import { corpusPinSets, type SdistEntry } from "./corpus/list.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

let work: { dir: string; cleanup: () => Promise<void> };
let corpus: ServedCorpus;
before(async () => {
  work = await tempDir("pyvendor-real-corpus-");
  corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
});
after(async () => {
  await corpus?.stop();
  await work?.cleanup();
});

/**
 * The differences between our venv and `python -m venv --without-pip` + `pip install --no-index
 * --find-links` of the same wheels, by the same interpreter: files, modes, contents, RECORD rows, entry-point
 * scripts and .data, but for what pip and pyvendor differ on by design (allowedPipDifference,
 * normalizeForPip: INSTALLER, pip's direct_url.json, bytecode).
 */
async function compareWithPip(ours: string, theirs: string, python: string, wheelsDir: string, requested: string[]): Promise<string[]> {
  const env = cleanEnv({ PYTHONDONTWRITEBYTECODE: "1" });
  await mkdir(path.dirname(theirs));
  await execa(python, ["-m", "venv", "--without-pip", theirs], { env });
  // As a user would: the requested pins, their dependencies resolved from the bundle's wheels
  // (so that pip marks REQUESTED exactly where the manifest says requested).
  const pipArgs = ["-m", "pip", "--python", path.join(theirs, "bin", "python"), "install", "-q", "--no-index", "--no-compile", "--find-links", wheelsDir];
  await execa("python3", [...pipArgs, ...requested], { env });
  const [a, b] = [await snapshot(ours, { ignore: allowedPipDifference }), await snapshot(theirs, { ignore: allowedPipDifference })];
  normalizeForPip(a);
  normalizeForPip(b);
  return diffSnapshots(a, b).map((d) => d.split("\n")[0] as string);
}

test("every sdist of the corpus packs for CPython 3.11, installs offline, imports, passes pip check, equals pip's install, and packs again byte for byte", { timeout: 3_600_000 }, async () => {
  const sdists = corpus.entries.filter((e): e is SdistEntry => e.kind === "sdist" && e.pypi !== undefined);
  const bundles = corpusPinSets(sdists);
  assert.equal(bundles.flat().length, sdists.length);
  const env = cleanEnv();
  const cacheDir = path.join(work.dir, "cache");
  const failures: string[] = [];
  for (const [i, pins] of bundles.entries()) {
    const started = Date.now();
    const bundle = path.join(work.dir, `bundle-${i}`);
    const packed = await pack({ requirements: pins, output: bundle, cacheDir, env, pythons: ["3.11"], index: { indexUrl: corpus.url } });
    // Same-length parent names: launchers embed the venv path, so their RECORD sizes must match too.
    const venv = path.join(work.dir, `ours-${i}`, "venv");
    await mkdir(path.dirname(venv));
    const installed = await install({ bundle, venv, cacheDir, env });
    const python = path.join(venv, "bin", "python");
    const { modules, failures: importFailures } = await importAll(python);
    failures.push(...importFailures.map((f) => `bundle ${i}: ${f}`));
    const check = await execa("python3", ["-m", "pip", "--python", python, "check"], { env, reject: false });
    if (check.exitCode !== 0) failures.push(`bundle ${i}: pip check: ${check.stdout}${check.stderr}`);
    const requestedPins = packed.packages.filter((p) => p.requested).map((p) => `${p.name}==${p.version}`);
    const pips = path.join(work.dir, `pips-${i}`, "venv");
    failures.push(...(await compareWithPip(venv, pips, installed.python, path.join(bundle, "wheels"), requestedPins)).map((d) => `bundle ${i}: vs pip: ${d}`));
    const requested = requestedPins.length;
    console.log(`bundle ${i}: ${pins.length} pins, ${packed.packages.length} packages (${requested} requested), ${modules.length} top-level modules, ${Math.round((Date.now() - started) / 1000)} s`);
    assert.equal(requested, pins.length);
  }
  // Reproducibility: the same bundles packed again by the CLI, minutes later, with another cache
  // and working directory, umask and time zone: byte-identical, or each differing file is named.
  for (const [i, pins] of bundles.entries()) {
    const cwd = path.join(work.dir, "elsewhere", "cwd");
    await mkdir(cwd, { recursive: true });
    const again = path.join(work.dir, `again-${i}`);
    const args = ["pack", ...pins, "--python", "3.11", "-i", corpus.url, "--cache-dir", path.join(work.dir, "another", "cache"), "-o", again];
    const res = await runCliWithUmask(args, "0077", { env: cleanEnv({ TZ: "Asia/Tokyo" }), cwd });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    failures.push(...(await bundleDifferences(path.join(work.dir, `bundle-${i}`), again)).map((d) => `bundle ${i}: packed again: ${d}`));
  }
  assert.deepEqual(failures, []);
});
