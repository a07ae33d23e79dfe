// End to end: the native frontend builds setuptools (pyproject and setup.py-only), in-tree and sdist-only backends and a C extension, isolated, from the test index only.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { backendWheels, startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

interface ManifestWheel {
  filename: string;
  sha256: string;
  origin: string;
  build?: { frontend: string; requirements: string[]; python: string };
  systemLibraries: { soname: string }[];
}
interface Manifest {
  packages: { name: string; version: string; requested: boolean; wheels: ManifestWheel[] }[];
}
interface PackJson {
  ok: boolean;
  result: { stats: Record<string, number>; packages: { name: string }[] };
  error?: { code: string; message: string };
}

const REQUIREMENTS = ["st-modern==2.0.0", "st-legacy==0.3.0", "uses-mini-flit==1.1.0", "fastmath==0.1.0", "hello-cli==1.0.0"];

describe("pack with the native PEP 517 frontend", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let first: PackJson;
  let requested: string[];
  const manifestOf = async (bundle: string) => JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;
  const wheelOf = (m: Manifest, name: string) => m.packages.find((p) => p.name === name)?.wheels[0] as ManifestWheel;
  const pack = async (args: string[], cacheDir = path.join(work.dir, "cache")) => {
    const res = await runCli(["pack", ...REQUIREMENTS, "--index-url", index.server.url, "--json", "--cache-dir", cacheDir, ...args], { env });
    return { res, json: JSON.parse(res.stdout) as PackJson };
  };

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(
      work.dir,
      ["hello-cli", "st-modern", { package: "st-legacy", options: { omit: ["pyproject.toml"] } }, "mini-flit", "uses-mini-flit", "fastmath"],
      [],
      "required",
    );
    env = cleanEnv();
    const { res, json } = await pack(["-o", path.join(work.dir, "bundle")]);
    assert.equal(res.code, 0, res.stderr);
    first = json;
    requested = index.server.requests.map((r) => r.url);
  });

  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("asks the test index only for the packages and their build requirements", () => {
    const projects = new Set(requested.filter((u) => u.startsWith("/simple/")).map((u) => u.split("/")[2]));
    assert.deepEqual([...projects].sort(), ["fastmath", "hello-cli", "mini-flit", "setuptools", "st-legacy", "st-modern", "uses-mini-flit"]);
    const files = requested.filter((u) => u.startsWith("/files/")).map((u) => decodeURIComponent(u.slice(7))).sort();
    const setuptools = path.basename(backendWheels()[0] as string);
    assert.deepEqual(files, ["fastmath-0.1.0.tar.gz", "hello_cli-1.0.0.tar.gz", "mini_flit-0.1.0.tar.gz", setuptools, "st_legacy-0.3.0.tar.gz", "st_modern-2.0.0.tar.gz", "uses_mini_flit-1.1.0.tar.gz"].sort());
  });

  it("creates each build environment once and reuses it for every sdist that needs the same set", () => {
    const s = first.result.stats;
    assert.equal(s.built, 5);
    // (empty: pvbuild and mini-flit build themselves), (setuptools), (mini-flit): 3 made, 3 more uses.
    assert.equal(s.buildEnvsCreated, 3);
    assert.equal(s.buildEnvsReused, 3);
  });

  it("records the build requirements actually used and the interpreter, per built wheel", async () => {
    const m = await manifestOf(path.join(work.dir, "bundle"));
    const setuptools = path.basename(backendWheels()[0] as string).split("-")[1];
    for (const name of ["st-modern", "st-legacy"]) {
      const w = wheelOf(m, name);
      assert.equal(w.origin, "built");
      assert.deepEqual(w.build?.requirements, [`setuptools==${setuptools}`], name);
      assert.equal(w.build?.frontend, "pyvendor");
      assert.match(w.build?.python ?? "", /^cp311 3\.11\.\d+$/);
    }
    assert.deepEqual(wheelOf(m, "uses-mini-flit").build?.requirements, ["mini-flit==0.1.0"]);
    assert.deepEqual(wheelOf(m, "hello-cli").build?.requirements, []);
    assert.match(wheelOf(m, "fastmath").filename, /^fastmath-0\.1\.0-cp311-cp311-linux_x86_64\.whl$/);
    assert.deepEqual(wheelOf(m, "fastmath").systemLibraries, []);
  });

  it("the wheels install and run", async () => {
    const venv = path.join(work.dir, "venv");
    const res = await runCli(["install", path.join(work.dir, "bundle"), "--venv", venv], { env });
    assert.equal(res.code, 0, res.stderr);
    const script = await runProcess(path.join(venv, "bin", "st-modern"), [], { env });
    assert.equal(script.stdout.trim(), "Hello, setuptools!", script.stderr);
    const py = await runProcess(path.join(venv, "bin", "python"), ["-c", "import st_legacy, uses_mini_flit, fastmath; print(st_legacy.shout('ok'), uses_mini_flit.VALUE, fastmath.fib(10))"], { env });
    assert.equal(py.stdout.trim(), "OK! 42 55", py.stderr);
  });

  it("builds reproducibly: a fresh cache gives byte-identical wheels", async () => {
    const { res } = await pack(["-o", path.join(work.dir, "bundle-again")], path.join(work.dir, "cache-2"));
    assert.equal(res.code, 0, res.stderr);
    const a = await manifestOf(path.join(work.dir, "bundle"));
    const b = await manifestOf(path.join(work.dir, "bundle-again"));
    for (const name of ["st-modern", "st-legacy", "uses-mini-flit", "hello-cli", "fastmath"]) {
      assert.equal(wheelOf(b, name).sha256, wheelOf(a, name).sha256, name);
    }
  });

  it("a warm re-pack builds nothing, makes no environment and asks the index nothing", async () => {
    index.server.reset();
    const { res, json } = await pack(["-o", path.join(work.dir, "bundle-warm")]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(index.server.requests.map((r) => r.url), []);
    assert.equal(json.result.stats.built, 0);
    assert.equal(json.result.stats.buildsCached, 5);
    assert.equal(json.result.stats.buildEnvsCreated, 0);
  });

  it("--no-build-isolation builds with the target's own packages and records their versions", async () => {
    const venv = path.join(work.dir, "own-venv");
    const setuptools = backendWheels()[0] as string;
    for (const [cmd, args] of [["python3", ["-m", "venv", "--without-pip", venv]], ["python3", ["-m", "pip", "--python", path.join(venv, "bin", "python"), "install", "-q", "--no-index", setuptools]]] as const) {
      const made = await runProcess(cmd, [...args], { env });
      assert.equal(made.code, 0, made.stderr);
    }
    const res = await runCli(["pack", "st-legacy==0.3.0", "--index-url", index.server.url, "--python", path.join(venv, "bin", "python"), "--no-build-isolation", "-o", path.join(work.dir, "bundle-noiso"), "--cache-dir", path.join(work.dir, "cache")], { env });
    assert.equal(res.code, 0, res.stderr);
    const w = wheelOf(await manifestOf(path.join(work.dir, "bundle-noiso")), "st-legacy");
    assert.deepEqual(w.build?.requirements, [`setuptools==${path.basename(setuptools).split("-")[1]}`]);
  });

  it("--build-frontend pip still builds through pip, recorded as such", async () => {
    const res = await runCli(["pack", "hello-cli==1.0.0", "--index-url", index.server.url, "--build-frontend", "pip", "-o", path.join(work.dir, "bundle-pip"), "--cache-dir", path.join(work.dir, "cache")], { env });
    assert.equal(res.code, 0, res.stderr);
    const w = wheelOf(await manifestOf(path.join(work.dir, "bundle-pip")), "hello-cli");
    assert.equal(w.build?.frontend, "pip");
    const bytes = await readFile(path.join(work.dir, "bundle-pip", "wheels", w.filename));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), w.sha256);
  });
});
