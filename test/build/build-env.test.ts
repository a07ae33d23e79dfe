// Cached build environments: made once per wheel set by our installer, staged then renamed, shared.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildEnvKey, createBuildEnvStore, type EnvWheel } from "../../src/build/build-env.js";
import { inspectPython, type PythonInfo } from "../../src/python/interpreter.js";
import { runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { buildWheel } from "../helpers/wheel-factory.js";

describe("build environments", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let python: PythonInfo;
  let wheels: EnvWheel[];
  const envsDir = () => path.join(work.dir, "envs-v1");
  const storeDir = () => path.join(work.dir, "unpacked-v2");
  before(async () => {
    work = await tempDir();
    python = await inspectPython("python3");
    const w = await buildWheel({ name: "backendlib", version: "1.2.3", files: [{ path: "backendlib/__init__.py", data: "VALUE = 'from the env'\n" }] }, path.join(work.dir, "wheels"));
    wheels = [{ name: "backendlib", version: "1.2.3", path: w.path, sha256: w.sha256 }];
  });
  after(() => work.cleanup());

  it("creates an environment once for concurrent requests, with the wheels importable and no pip", async () => {
    const store = createBuildEnvStore({ envsDir: envsDir(), storeDir: storeDir() });
    const [a, b] = await Promise.all([store.ensure(python, wheels), store.ensure(python, wheels)]);
    assert.equal(a.dir, b.dir);
    assert.deepEqual(store.stats, { created: 1, reused: 1 });
    assert.deepEqual(a.requirements, ["backendlib==1.2.3"]);
    const run = await runProcess(a.python, ["-c", "import backendlib, sys, importlib.util; print(backendlib.VALUE, sys.prefix != sys.base_prefix, importlib.util.find_spec('pip') is None)"], { env: cleanEnv() });
    assert.equal(run.stdout.trim(), "from the env True True", run.stderr);
    assert.deepEqual((await readdir(envsDir())).filter((n) => n.startsWith(".tmp")), [], "no staging directory is left");
  });

  it("a later pack (a new store) reuses the environment from the cache", async () => {
    const store = createBuildEnvStore({ envsDir: envsDir(), storeDir: storeDir() });
    const env = await store.ensure(python, wheels);
    assert.equal(env.created, false);
    assert.deepEqual(store.stats, { created: 0, reused: 1 });
  });

  it("never uses a half-made environment: a directory without the completion marker is replaced", async () => {
    const key = buildEnvKey(python, [...wheels, { name: "extra", version: "0", path: wheels[0]!.path, sha256: "0".repeat(64) }]);
    assert.notEqual(key, buildEnvKey(python, wheels), "the key depends on the exact set");
    const half = path.join(envsDir(), `cp${python.versionInfo[0]}${python.versionInfo[1]}-${buildEnvKey(python, []).slice(0, 32)}`);
    await mkdir(path.join(half, "bin"), { recursive: true });
    await writeFile(path.join(half, "garbage"), "x");
    const store = createBuildEnvStore({ envsDir: envsDir(), storeDir: storeDir() });
    const env = await store.ensure(python, []);
    assert.equal(env.dir, half);
    assert.equal(env.created, true);
    assert.ok(!existsSync(path.join(half, "garbage")));
    assert.ok(existsSync(path.join(half, "pyvenv.cfg")));
  });
});
