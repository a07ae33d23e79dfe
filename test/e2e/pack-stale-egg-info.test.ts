// Built as pip builds: prepare_metadata_for_build_wheel first, so a stale *.egg-info/ in the sdist does not reach the wheel.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { pack } from "../../src/pack/pipeline.js";
import { openZip, readEntry } from "../../src/wheel/zip-entries.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { backendWheels, startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

/** What an older build left in the sdist: setuptools would copy pbr.json and zip-safe into the wheel from it. */
const STALE = {
  "st_modern.egg-info/PKG-INFO": "Metadata-Version: 2.1\nName: st-modern\nVersion: 1.9.0\n",
  "st_modern.egg-info/SOURCES.txt": "pyproject.toml\nst_modern/__init__.py\nst_modern/gone.py\n",
  "st_modern.egg-info/top_level.txt": "st_modern\nold_name\n",
  "st_modern.egg-info/entry_points.txt": "[console_scripts]\nold-tool = st_modern:gone\n",
  "st_modern.egg-info/pbr.json": '{"git_version": "0123abc", "is_release": false}\n',
  "st_modern.egg-info/zip-safe": "stale\n",
  "st_modern.egg-info/dependency_links.txt": "\n",
};

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
before(async () => {
  work = await tempDir("pyvendor-egg-info-");
  index = await startFixtureIndex(work.dir, ["hello-cli", { package: "st-modern", options: { extraFiles: STALE } }], [], "required");
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

/** Every file of a wheel but RECORD (whose order and rows pip's and ours may write differently): name → text. */
async function contents(wheel: string): Promise<Map<string, string>> {
  const zip = await openZip(wheel);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries) if (!e.isDir && !e.name.endsWith(".dist-info/RECORD")) out.set(e.name, readEntry(zip, e).toString("utf8"));
    return out;
  } finally {
    zip.close();
  }
}

test("a stale *.egg-info/ in the sdist: the wheel equals pip wheel --no-deps of the same sdist, file for file", { timeout: 300_000 }, async () => {
  const env = cleanEnv({ SOURCE_DATE_EPOCH: "315532800" });
  const bundle = path.join(work.dir, "bundle");
  await pack({ requirements: ["st-modern==2.0.0"], output: bundle, cacheDir: path.join(work.dir, "cache"), env, index: { indexUrl: index.server.url } });
  const ours = await contents(path.join(bundle, "wheels", "st_modern-2.0.0-py3-none-any.whl"));

  const backends = path.join(work.dir, "backends");
  await mkdir(backends, { recursive: true });
  for (const wheel of backendWheels()) await execa("cp", [wheel, backends]);
  const sdist = index.sdists.find((s) => s.name === "st-modern")?.path ?? "";
  const pipOut = path.join(work.dir, "pip");
  await execa("python3", ["-m", "pip", "wheel", "-q", "--no-deps", "--no-index", "--find-links", backends, "-w", pipOut, sdist], { env });
  const [theirName] = (await readdir(pipOut)).filter((f) => f.endsWith(".whl"));
  const theirs = await contents(path.join(pipOut, theirName ?? ""));

  assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
  for (const [name, text] of ours) assert.equal(text, theirs.get(name), name);
  assert.ok(![...ours.keys()].some((n) => n.endsWith("pbr.json") || n.endsWith("zip-safe")), "nothing of the stale egg-info");
  assert.equal(await readFile(path.join(bundle, "manifest.json"), "utf8").then((t) => t.includes("st_modern-2.0.0.tar.gz")), true);
});
