// requirements.lock and pylock.toml derived from a manifest: exact text, markers, and an outside reader.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse as parseToml } from "smol-toml";
import { pylockToml, requirementsLock } from "../../src/bundle/lockfiles.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import { tempDir } from "../helpers/env.js";
import { CP311, CP312, sha256, wheelBytes, syntheticBundle } from "./helpers.js";
import { hasPylockOracle, pylockSelect } from "./pylock-oracle.js";

let root: string;
let cleanup: () => Promise<void>;
let single: Manifest;
let multi: Manifest;

before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-locks-"));
  ({ manifest: single } = await syntheticBundle(path.join(root, "single"), [
    { name: "alpha", version: "1.0", dependencies: ["beta"] },
    { name: "beta", version: "2.0", requested: false },
  ]));
  ({ manifest: multi } = await syntheticBundle(
    path.join(root, "multi"),
    [
      { name: "alpha", version: "1.0" },
      { name: "newonly", version: "3.0", targets: [CP312.id] },
      {
        name: "native",
        version: "0.5",
        wheels: [
          { filename: "native-0.5-cp311-cp311-linux_x86_64.whl", targets: [CP311.id] },
          { filename: "native-0.5-cp312-cp312-linux_x86_64.whl", targets: [CP312.id] },
        ],
      },
    ],
    { targets: [CP311, CP312] },
  ));
});
after(() => cleanup());

test("requirements.lock pins every package with the sha256 of its wheels, sorted by name", () => {
  const a = sha256(wheelBytes("alpha-1.0-py3-none-any.whl", "fake wheel alpha-1.0-py3-none-any.whl\n"));
  const b = sha256(wheelBytes("beta-2.0-py3-none-any.whl", "fake wheel beta-2.0-py3-none-any.whl\n"));
  assert.equal(
    requirementsLock(single),
    [
      "# Pinned by pyvendor from manifest.json; do not edit (pack again instead).",
      "# Offline install: pip install --no-index --find-links wheels -r requirements.lock",
      `alpha==1.0 \\\n    --hash=sha256:${a}`,
      `beta==2.0 \\\n    --hash=sha256:${b}`,
      "",
    ].join("\n"),
  );
});

test("with several targets, a package used by some gets a marker, and every wheel's hash is listed", () => {
  const text = requirementsLock(multi);
  assert.match(text, /^newonly==3\.0 ; python_version == "3\.12" \\$/m);
  assert.match(text, /^native==0\.5 \\\n {4}--hash=sha256:[0-9a-f]{64} \\\n {4}--hash=sha256:[0-9a-f]{64}$/m);
  assert.match(text, /^alpha==1\.0 \\$/m);
});

test("pylock.toml reads back as PEP 751: lock-version, created-by, requires-python, relative wheel paths", () => {
  const doc = parseToml(pylockToml(multi)) as Record<string, unknown>;
  assert.equal(doc["lock-version"], "1.0");
  assert.equal(doc["created-by"], "pyvendor");
  assert.equal(doc["requires-python"], ">=3.11, <3.13");
  assert.equal((doc.environments as string[]).length, 2);
  const packages = doc.packages as { name: string; version: string; marker?: string; wheels: { name: string; path: string; size: number; hashes: { sha256: string } }[] }[];
  assert.deepEqual(packages.map((p) => p.name), ["alpha", "native", "newonly"]);
  const native = packages[1];
  assert.deepEqual(native?.wheels.map((w) => w.path), ["wheels/native-0.5-cp311-cp311-linux_x86_64.whl", "wheels/native-0.5-cp312-cp312-linux_x86_64.whl"]);
  const m = multi.packages.find((p) => p.name === "native");
  assert.deepEqual(native?.wheels.map((w) => [w.size, w.hashes.sha256]), m?.wheels.map((w) => [w.size, w.sha256]));
  assert.equal(packages[2]?.marker, 'python_version == "3.12"');
  assert.equal(packages[0]?.marker, undefined);
});

test("pylock.toml with absolute paths points into the bundle directory", () => {
  const doc = parseToml(pylockToml(single, { paths: "absolute", root: "/srv/bundle" })) as { packages: { wheels: { path: string }[] }[] };
  assert.equal(doc.packages[0]?.wheels[0]?.path, "/srv/bundle/wheels/alpha-1.0-py3-none-any.whl");
});

test("packaging.pylock validates our pylock.toml and selects each target's wheels", async (t) => {
  if (!(await hasPylockOracle())) return t.skip("python3 has no packaging.pylock (packaging >= 25 needed)");
  const file = path.join(root, "pylock.toml");
  await writeFile(file, pylockToml(multi));
  const base = { implementation_name: "cpython", sys_platform: "linux", platform_machine: "x86_64", platform_system: "Linux", os_name: "posix", platform_python_implementation: "CPython", implementation_version: "3.11.7", platform_release: "", platform_version: "" };
  const cp311 = await pylockSelect(file, { environment: { ...base, python_version: "3.11", python_full_version: "3.11.7" }, tags: ["cp311-cp311-linux_x86_64", "py3-none-any"] });
  assert.deepEqual(cp311, { selected: [["alpha", "wheels/alpha-1.0-py3-none-any.whl"], ["native", "wheels/native-0.5-cp311-cp311-linux_x86_64.whl"]] });
  const cp312 = await pylockSelect(file, { environment: { ...base, python_version: "3.12", python_full_version: "3.12.1", implementation_version: "3.12.1" }, tags: ["cp312-cp312-linux_x86_64", "py3-none-any"] });
  assert.deepEqual(cp312, {
    selected: [["alpha", "wheels/alpha-1.0-py3-none-any.whl"], ["native", "wheels/native-0.5-cp312-cp312-linux_x86_64.whl"], ["newonly", "wheels/newonly-3.0-py3-none-any.whl"]],
  });
});
