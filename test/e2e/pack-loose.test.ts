// End to end: `pyvendor pack -r requirements.in` resolves, builds each sdist once, installs offline; a re-pack after adding a requirement and `pyvendor diff`.
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { execa } from "execa";
import type { Manifest } from "../../src/bundle/manifest.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

describe("pack from loose requirements (requirements.in)", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  const bundle = () => path.join(work.dir, "vendor");
  const requirementsIn = () => path.join(work.dir, "requirements.in");
  const manifest = async (dir: string) => JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("resolves, builds every sdist once (a build made to read metadata is the one packed), and the bundle installs offline", async () => {
    await writeFile(requirementsIn(), "greeter>=1.0\n");
    const res = await runCli(["pack", "-r", requirementsIn(), "--index-url", index.server.url, "-o", bundle()], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^packed 2 packages \(2 wheels\)/m);
    assert.match(res.stdout, /^ {2}resolved the requirements into 2 pins$/m);
    assert.match(res.stdout, /builds: 2 built, 0 from cache/);
    const m = await manifest(bundle());
    assert.deepEqual(m.packages.map((p) => [p.name, p.version, p.requested]), [["greeter", "1.0.0", true], ["hello-cli", "1.0.0", false]]);
    assert.deepEqual(m.requirements, ["greeter>=1.0"]);
    assert.deepEqual(m.resolution?.constraints, []);
    const shown = await runCli(["show", bundle()], { env });
    assert.match(shown.stdout, /^input {4}1 requirement, resolved$/m);
    index.server.reset();
    const venv = path.join(work.dir, "venv");
    const installed = await runCli(["install", bundle(), "--venv", venv], { env });
    assert.equal(installed.code, 0, installed.stderr);
    assert.deepEqual(index.server.requests, [], "install needs no index");
    const probe = await execa(path.join(venv, "bin", "python"), ["-c", "import greeter, hello_cli; print('ok')"], { env });
    assert.equal(probe.stdout, "ok");
  });

  it("a re-pack after adding one requirement keeps every pin and changes only the files it brings; diff names the input change", async () => {
    const old = path.join(work.dir, "vendor-before");
    await cp(bundle(), old, { recursive: true });
    await writeFile(requirementsIn(), "greeter>=1.0\ndemo-app\n");
    const res = await runCli(["pack", "-r", requirementsIn(), "--index-url", index.server.url, "-o", bundle(), "--json"], { env });
    assert.equal(res.code, 0, res.stderr);
    const { result } = JSON.parse(res.stdout) as { result: { resolution: { pins: number; kept: number }; written: string[]; removed: string[] } };
    assert.deepEqual(result.resolution, { pins: 4, kept: 2 });
    assert.deepEqual(result.written.filter((f) => f.startsWith("wheels/")).map((f) => f.split("-")[0]).sort(), ["wheels/demo_app", "wheels/fastmath"]);
    assert.deepEqual(result.removed, []);
    const diff = await runCli(["diff", old, bundle()], { env });
    assert.equal(diff.code, 1, diff.stderr);
    assert.deepEqual(diff.stdout.trim().split("\n"), [
      "+ requirement demo-app",
      "+ demo-app 1.0.0",
      "+ fastmath 0.1.0",
      "~ greeter: extras, dependencies changed",
    ]);
  });

  it("--strict keeps refusing loose requirements", async () => {
    const res = await runCli(["pack", "-r", requirementsIn(), "--index-url", index.server.url, "-o", path.join(work.dir, "strict"), "--strict"], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_UNPINNED_REQUIREMENT\]/);
  });
});
