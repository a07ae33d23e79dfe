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
import { corpusPinSets, type SdistEntry } from "./corpus/list.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

/**
 * Top-level modules that do not import in a clean venv, and why (none is a packing defect: the
 * same happens after `pip install` of the same wheels). Keyed by module name.
 */
const IMPORT_EXCEPTIONS: Record<string, string> = {
  wcwidth: "Debian's wcwidth 0.8.3+dfsg1 repack lacks the generated table_grapheme_overrides/_registry.py (test/real/links-formats.real.ts compares its wheel with pip's instead)",
};

/** Imports every top-level module of every distribution in the venv; prints {module: error} as JSON. */
const IMPORT_ALL = String.raw`
import importlib, importlib.metadata as md, json, re, sys, warnings
warnings.simplefilter("ignore")
tops = {}
for dist in md.distributions():
    for f in dist.files or []:
        parts = f.parts
        if not parts or parts[0].endswith((".dist-info", ".data")) or parts[0] in ("..", "__pycache__", "bin"):
            continue
        name = parts[0]
        if len(parts) == 1:
            if not name.endswith((".py", ".so", ".pyd")):
                continue
            name = name.split(".")[0]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            tops.setdefault(name, dist.metadata["Name"])
failed = {}
for name in sorted(tops):
    try:
        importlib.import_module(name)
    except BaseException as e:
        failed[name] = "%s (%s): %s" % (tops[name], type(e).__name__, e)
print(json.dumps({"modules": sorted(tops), "failed": failed}))
`;

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
    const probe = await execa(python, ["-c", IMPORT_ALL], { env: cleanEnv({ PYTHONDONTWRITEBYTECODE: "1" }) });
    const { modules, failed } = JSON.parse(probe.stdout) as { modules: string[]; failed: Record<string, string> };
    for (const [name, why] of Object.entries(failed)) if (!(name in IMPORT_EXCEPTIONS)) failures.push(`bundle ${i}: import ${name}: ${why}`);
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
