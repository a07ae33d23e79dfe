// Real wheels of the fixture packages: plain pip installs a bundle from requirements.lock, and
// packaging.pylock picks the same wheels from pylock.toml.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import type { Manifest, ManifestPackage, ManifestTarget } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { writeBundle, type BundleFile } from "../../src/bundle/write.js";
import { parseWheelName, normalizeProjectName } from "../../src/bundle/wheel-name.js";
import { inspectPython, pythonTag } from "../../src/python/interpreter.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex } from "../helpers/fixture-index.js";
import { hasPylockOracle, pylockSelect } from "./pylock-oracle.js";

const run = (cmd: string, args: string[]) => execa(cmd, args, { env: cleanEnv(), extendEnv: false, stdin: "ignore" });

let root: string;
let cleanup: () => Promise<void>;
let bundle: string;
let manifest: Manifest;

/** Builds the four fixture packages' wheels with pip (once for this file) and packs them as a bundle. */
before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-pip-"));
  const { server, sdists } = await startFixtureIndex(path.join(root, "index"));
  const wheelDir = path.join(root, "built");
  try {
    await run("python3", ["-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--index-url", server.url, "-w", wheelDir, ...sdists.map((s) => `${s.name}==${s.version}`)]);
  } finally {
    await server.stop();
  }
  const info = await inspectPython("python3");
  const tag = pythonTag(info);
  const { platform_release: _r, platform_version: _v, ...markers } = info.markers;
  const target: ManifestTarget = {
    id: `${tag}-${tag}-${info.sysconfigPlatform.replace(/[-.]/g, "_")}`,
    implementation: info.implementation,
    pythonVersion: info.version,
    interpreterTag: tag,
    abiTag: tag,
    platform: info.sysconfigPlatform.replace(/[-.]/g, "_"),
    glibc: info.glibc ? info.glibc.join(".") : null,
    markers: { ...markers },
  };
  const files: BundleFile[] = [];
  const packages: ManifestPackage[] = [];
  for (const filename of (await readdir(wheelDir)).sort()) {
    const parts = parseWheelName(filename);
    assert.ok(parts, filename);
    const source = path.join(wheelDir, filename);
    const bytes = await readFile(source);
    files.push({ bundlePath: `wheels/${filename}`, source });
    const name = normalizeProjectName(parts.project);
    packages.push({
      name,
      version: parts.version,
      requested: name === "demo-app",
      extras: [],
      dependencies: [],
      targets: [target.id],
      wheels: [{ filename, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length, tags: parts.tags, origin: "built", targets: [target.id], systemLibraries: [] }],
    });
  }
  manifest = finalizeManifest({ format: "1.0.0", generator: { name: "pyvendor", version: "0.1.0" }, targets: [target], requirements: ["demo-app==1.0.0"], packages });
  bundle = path.join(root, "bundle");
  await writeBundle({ output: bundle, manifest, files });
});
after(() => cleanup());

test("the bundle of real wheels verifies", async () => {
  assert.deepEqual(manifest.packages.map((p) => `${p.name}==${p.version}`), ["demo-app==1.0.0", "fastmath==0.1.0", "greeter==1.0.0", "hello-cli==1.0.0"]);
  const report = await verifyBundle(bundle);
  assert.deepEqual(report.problems, []);
});

test("pip install --no-index --find-links wheels -r requirements.lock installs exactly the bundle's versions", async () => {
  const venv = path.join(root, "venv");
  await run("python3", ["-m", "venv", venv]);
  const py = path.join(venv, "bin", "python");
  await run(py, ["-m", "pip", "install", "--no-index", "--no-cache-dir", "--find-links", path.join(bundle, "wheels"), "-r", path.join(bundle, "requirements.lock")]);
  const listed = JSON.parse((await run(py, ["-m", "pip", "list", "--format=json"])).stdout) as { name: string; version: string }[];
  const ours = listed
    .map((p) => ({ name: normalizeProjectName(p.name), version: p.version }))
    .filter((p) => !["pip", "setuptools", "wheel"].includes(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.deepEqual(ours, manifest.packages.map((p) => ({ name: p.name, version: p.version })));
  const hello = await run(path.join(venv, "bin", "hello"), []);
  assert.ok(hello.stdout.length > 0);
});

test("packaging.pylock reads pylock.toml and selects every wheel of the bundle for this interpreter", async (t) => {
  if (!(await hasPylockOracle())) return t.skip("python3 has no packaging.pylock (packaging >= 25 needed)");
  const result = await pylockSelect(path.join(bundle, "pylock.toml"));
  assert.deepEqual(result.selected, manifest.packages.map((p) => [p.name, `wheels/${p.wheels[0]?.filename}`]));
});
