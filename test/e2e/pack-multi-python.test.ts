// End to end: one pack for Python 3.11 and 3.12 gives one wheel per pure package and one per ABI for the C extension; each installs into its own Python.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { fixturesDir } from "../helpers/paths.js";

interface Manifest {
  targets: { id: string; pythonVersion: string }[];
  packages: { name: string; wheels: { filename: string; targets: string[]; origin: string }[] }[];
}

describe("pack for two Pythons", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let manifest: Manifest;
  const bundle = () => path.join(work.dir, "bundle");

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
    const res = await runCli(
      ["pack", "-r", path.join(fixturesDir, "requirements", "demo.txt"), "--index-url", index.server.url, "--python", "3.11", "--python", "3.12", "-o", bundle()],
      { env },
    );
    assert.equal(res.code, 0, res.stderr);
    manifest = JSON.parse(await readFile(path.join(bundle(), "manifest.json"), "utf8")) as Manifest;
  });

  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("has both targets, one wheel per pure package serving both, and one fastmath wheel per ABI", () => {
    assert.deepEqual(manifest.targets.map((t) => t.id).sort(), ["cp311-cp311-linux_x86_64", "cp312-cp312-linux_x86_64"]);
    for (const name of ["demo-app", "greeter", "hello-cli"]) {
      const wheels = manifest.packages.find((p) => p.name === name)?.wheels ?? [];
      assert.equal(wheels.length, 1, name);
      assert.match(wheels[0]?.filename ?? "", /-py3-none-any\.whl$/);
      assert.deepEqual(wheels[0]?.targets, ["cp311-cp311-linux_x86_64", "cp312-cp312-linux_x86_64"]);
    }
    const fastmath = manifest.packages.find((p) => p.name === "fastmath")?.wheels ?? [];
    assert.deepEqual(fastmath.map((w) => w.filename).sort(), ["fastmath-0.1.0-cp311-cp311-linux_x86_64.whl", "fastmath-0.1.0-cp312-cp312-linux_x86_64.whl"]);
    assert.ok(fastmath.every((w) => w.targets.length === 1 && w.origin === "built"));
  });

  for (const version of ["3.11", "3.12"]) {
    it(`installs into a Python ${version} venv and runs the C extension`, async () => {
      const venv = path.join(work.dir, `venv-${version}`);
      const res = await runCli(["install", bundle(), "--venv", venv, "--python", version], { env });
      assert.equal(res.code, 0, res.stderr);
      const py = await runProcess(path.join(venv, "bin", "python"), ["-c", "import sys, fastmath; print('%d.%d' % sys.version_info[:2], fastmath.fib(20))"], { env });
      assert.equal(py.stdout.trim(), `${version} 6765`, py.stderr);
      const app = await runProcess(path.join(venv, "bin", "demo-app"), [], { env });
      assert.equal(app.code, 0, app.stderr);
    });
  }
});
