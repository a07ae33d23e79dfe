// Pack from loose requirements on the real corpus, the test of record: a requirements.in of its projects resolves, packs, installs offline, imports and passes pip check; one added requirement re-packs into the same bundle and changes only what it brought.
import assert from "node:assert/strict";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { canonicalJson, type Manifest, type ManifestPackage } from "../../src/bundle/manifest.js";
import type { PyvendorEvent } from "../../src/events.js";
import { install } from "../../src/install/venv.js";
import { lock } from "../../src/pack/lock.js";
import { pack, type PackOptions } from "../../src/pack/pipeline.js";
import { normalizeName } from "../../src/standards/names.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { fileHashes } from "../helpers/venv-tree.js";
import { importAll } from "./import-all.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

/**
 * The requirement the re-pack adds. Of the corpus's projects it is the one whose dependencies the
 * others do not bring: requests, certifi and charset-normalizer come with it only (idna and
 * urllib3 are there already). The test checks that it still brings more than itself.
 */
const ADDED = "requests-toolbelt";

let work: { dir: string; cleanup: () => Promise<void> };
let corpus: ServedCorpus;
before(async () => {
  work = await tempDir("pyvendor-real-loose-");
  corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
});
after(async () => {
  await corpus?.stop();
  await work?.cleanup();
});

async function readManifest(bundle: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;
}

const byName = (m: Manifest): Map<string, ManifestPackage> => new Map(m.packages.map((p) => [p.name, p]));

/** The packages reachable from `root` through the manifest's `dependencies`, `root` included. */
function reachable(m: Manifest, root: string): Set<string> {
  const packages = byName(m);
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of packages.get(name)?.dependencies ?? []) visit(dep);
  };
  visit(root);
  return seen;
}

/** Packs with the resolver's phase time and the warnings it reported; `seconds` is the whole pack. */
async function timedPack(options: PackOptions) {
  const phases: Record<string, number> = {};
  const warnings: string[] = [];
  const events = (e: PyvendorEvent) => {
    if (e.type === "phase-end") phases[e.phase] = (phases[e.phase] ?? 0) + e.ms;
    if (e.type === "warning") warnings.push(e.message);
  };
  const started = Date.now();
  const result = await pack({ ...options, events });
  return { result, seconds: (Date.now() - started) / 1000, resolveSeconds: (phases.resolve ?? 0) / 1000, warnings };
}

/**
 * Installs `bundle` into a new venv with no request to the index (the install has no index by
 * design; the server's log shows it asked nothing), then imports every top-level module and runs
 * `pip check`. Returns the problems found and the figures.
 */
async function installAndProbe(bundle: string, venv: string, cacheDir: string): Promise<{ problems: string[]; modules: number; seconds: number }> {
  const env = cleanEnv();
  corpus.server.reset();
  const started = Date.now();
  await install({ bundle, venv, cacheDir, env });
  const seconds = (Date.now() - started) / 1000;
  const problems = corpus.server.requests.map((r) => `install asked the index: ${r.method} ${r.url}`);
  const python = path.join(venv, "bin", "python");
  const { modules, failures } = await importAll(python);
  problems.push(...failures);
  const check = await execa("python3", ["-m", "pip", "--python", python, "check"], { env, reject: false });
  if (check.exitCode !== 0) problems.push(`pip check: ${check.stdout}${check.stderr}`);
  return { problems, modules: modules.length, seconds };
}

test("loose requirements of the real corpus resolve, pack, install offline; one more requirement re-packs only what it brought", { timeout: 90 * 60 * 1000 }, async () => {
  // Every project the corpus serves an sdist of (the corpus's point: real builds), loose. All of
  // them install for CPython 3.11 (corpus-pack.real.ts packs each), so none is left out.
  const projects = [...new Set(corpus.entries.flatMap((e) => (e.kind === "sdist" && e.pypi ? [e.pypi.split("==")[0] as string] : [])))]
    .filter((name) => normalizeName(name) !== ADDED)
    .sort();
  assert.ok(projects.length >= 40, `only ${projects.length} projects`);
  const requirementsIn = path.join(work.dir, "requirements.in");
  await writeFile(requirementsIn, `# every sdist project of the real corpus but ${ADDED}, loose\n${projects.join("\n")}\n`);
  const cacheDir = path.join(work.dir, "cache");
  const bundle = path.join(work.dir, "bundle");
  const options: PackOptions = { requirementFiles: [requirementsIn], output: bundle, cacheDir, env: cleanEnv(), pythons: ["3.11"], index: { indexUrl: corpus.url } };

  // 1. Resolve and pack.
  const first = await timedPack(options);
  const m1 = await readManifest(bundle);
  const target = m1.targets.map((t) => t.id);
  assert.deepEqual(m1.resolution, { pre: false, constraints: [], targets: target }, "the manifest says the requirements were resolved");
  assert.equal(first.result.resolution?.pins, m1.packages.length, "one package per resolved pin");
  const requested = m1.packages.filter((p) => p.requested).map((p) => p.name).sort();
  assert.deepEqual(requested, projects.map(normalizeName).sort(), "requested: exactly the projects of requirements.in");
  // The same pins as `pyvendor lock` of the same file (its metadata now comes from the cache).
  const locked = await lock({ requirementFiles: [requirementsIn], output: path.join(work.dir, "requirements.txt"), pythons: ["3.11"], index: { indexUrl: corpus.url }, cacheDir, cwd: work.dir, env: cleanEnv() });
  assert.deepEqual(
    m1.packages.map((p) => `${p.name}==${p.version}`).sort(),
    locked.pins.map((p) => `${normalizeName(p.name)}==${p.version}`).sort(),
    "pack's pins are lock's",
  );
  const installed = await installAndProbe(bundle, path.join(work.dir, "venv-1"), cacheDir);
  console.log(
    `loose pack: ${projects.length} projects, ${m1.packages.length} packages, resolve+pack ${first.seconds.toFixed(0)} s (resolve ${first.resolveSeconds.toFixed(0)} s, ${first.result.stats.built} sdists built), ` +
      `install ${installed.seconds.toFixed(1)} s, ${installed.modules} top-level modules`,
  );
  for (const w of first.warnings) console.log(`  warning: ${w}`);
  assert.deepEqual(installed.problems, []);

  // 2. One more requirement, packed into the same bundle: the kept pins' wheels stay as they were.
  assert.ok(!byName(m1).has(ADDED), `${ADDED} is not in the first bundle already`);
  const filesBefore = await fileHashes(bundle);
  await appendFile(requirementsIn, `${ADDED}\n`);
  const second = await timedPack(options);
  const m2 = await readManifest(bundle);
  const filesAfter = await fileHashes(bundle);

  const p1 = byName(m1);
  const p2 = byName(m2);
  assert.deepEqual([...p1.keys()].filter((n) => !p2.has(n)), [], "no package dropped");
  const added = [...p2.keys()].filter((n) => !p1.has(n)).sort();
  const brought = reachable(m2, ADDED);
  assert.ok(added.includes(ADDED) && added.length > 1, `${ADDED} brings dependencies the others do not: added ${added.join(", ")}`);
  assert.deepEqual(added, [...brought].filter((n) => !p1.has(n)).sort(), "added: exactly what the new requirement reaches and the bundle lacked");
  for (const [name, entry] of p1) assert.equal(canonicalJson(p2.get(name)), canonicalJson(entry), `${name}'s manifest entry is unchanged`);
  assert.equal(second.result.resolution?.kept, m1.packages.length, "every earlier pin kept");
  assert.equal(second.result.resolution?.pins, m2.packages.length);
  assert.deepEqual(m2.packages.filter((p) => p.requested).map((p) => p.name).sort(), [...projects, ADDED].map(normalizeName).sort());

  const addedWheels = added.flatMap((n) => (p2.get(n) as ManifestPackage).wheels.map((w) => `wheels/${w.filename}`)).sort();
  const changed = [...filesBefore.keys()].filter((f) => filesAfter.has(f) && filesAfter.get(f) !== filesBefore.get(f)).sort();
  assert.deepEqual(changed, ["manifest.json", "pylock.toml", "requirements.lock"], "changed: the manifest and the two lock files only");
  assert.deepEqual([...filesBefore.keys()].filter((f) => !filesAfter.has(f)), [], "no file removed");
  assert.deepEqual([...filesAfter.keys()].filter((f) => !filesBefore.has(f)).sort(), addedWheels, "added: the wheels of what the requirement brought");

  const again = await installAndProbe(bundle, path.join(work.dir, "venv-2"), cacheDir);
  console.log(
    `re-pack with ${ADDED}: ${added.length} packages added (${added.join(", ")}), ${m2.packages.length} in all, ` +
      `resolve+pack ${second.seconds.toFixed(0)} s (resolve ${second.resolveSeconds.toFixed(0)} s, ${second.result.stats.built} sdists built), install ${again.seconds.toFixed(1)} s`,
  );
  for (const w of second.warnings) console.log(`  warning: ${w}`);
  assert.deepEqual(again.problems, []);
});
