// End to end through the real CLI: pack from the fixture index, install offline, run, and refuse bad bundles.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { MANIFEST_FORMAT } from "../../src/bundle/manifest.js";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { fixturesDir } from "../helpers/paths.js";

describe("pack then install, end to end", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let bundle: string;
  let packRequests = 0;

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
    bundle = path.join(work.dir, "bundle");
    const res = await runCli(
      ["pack", "-r", path.join(fixturesDir, "requirements", "demo.txt"), "--index-url", index.server.url, "-o", bundle],
      { env },
    );
    assert.equal(res.code, 0, res.stderr);
    packRequests = index.server.requests.length;
  });

  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("writes a bundle with a manifest, wheels and a requirements.lock", async () => {
    assert.ok(packRequests > 0);
    const manifest = JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as {
      format: string;
      packages: { name: string; wheels: { filename: string }[] }[];
    };
    assert.equal(manifest.format, MANIFEST_FORMAT);
    assert.deepEqual(
      manifest.packages.map((p) => p.name),
      ["demo-app", "fastmath", "greeter", "hello-cli"],
    );
    for (const p of manifest.packages) {
      for (const w of p.wheels) assert.ok(existsSync(path.join(bundle, "wheels", w.filename)), w.filename);
    }
    const lock = await readFile(path.join(bundle, "requirements.lock"), "utf8");
    assert.match(lock, /^fastmath==0\.1\.0 \\\n +--hash=sha256:[0-9a-f]{64}/m);
  });

  it("installs offline: zero index requests, console scripts run, the C extension imports", async () => {
    index.server.reset();
    const venv = path.join(work.dir, "venv");
    const res = await runCli(["install", bundle, "--venv", venv], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(index.server.requests.length, 0, "install must not touch the index");
    const app = await runProcess(path.join(venv, "bin", "demo-app"), [], { env });
    assert.equal(app.code, 0, app.stderr);
    assert.match(app.stdout, /fib\(90\) computed in C: 2880067194370816120/);
    const hello = await runProcess(path.join(venv, "bin", "hello"), ["bundle"], { env });
    assert.equal(hello.stdout.trim(), "Hello, bundle!");
    const py = await runProcess(path.join(venv, "bin", "python"), ["-c", "import fastmath, sys; print(fastmath.fib(10), sys.prefix)"], { env });
    assert.equal(py.stdout.trim(), `55 ${venv}`);
  });

  it("has no pip unless asked; --with-pip adds the interpreter's own pip, offline, and pip check agrees", async () => {
    const plain = path.join(work.dir, "venv-no-pip");
    assert.equal((await runCli(["install", bundle, "--venv", plain], { env })).code, 0);
    assert.ok(!existsSync(path.join(plain, "bin", "pip")));
    const venv = path.join(work.dir, "venv-pip");
    const res = await runCli(["install", bundle, "--venv", venv, "--with-pip"], { env });
    assert.equal(res.code, 0, res.stderr);
    const check = await runProcess(path.join(venv, "bin", "pip"), ["check"], { env });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /No broken requirements found/);
    const list = await runProcess(path.join(venv, "bin", "python"), ["-m", "pip", "list", "--format=freeze"], { env });
    assert.match(list.stdout, /^demo-app==1\.0\.0$/m);
    assert.match(list.stdout, /^pip==/m);
  });

  it("refuses a tampered wheel with E_HASH_MISMATCH and leaves no venv behind", async () => {
    const copy = path.join(work.dir, "tampered");
    await cp(bundle, copy, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(copy, "manifest.json"), "utf8")) as {
      packages: { name: string; wheels: { filename: string }[] }[];
    };
    const wheel = path.join(copy, "wheels", manifest.packages.find((p) => p.name === "hello-cli")!.wheels[0]!.filename);
    const bytes = await readFile(wheel);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await writeFile(wheel, bytes);
    const venv = path.join(work.dir, "venv-tampered");
    const res = await runCli(["install", copy, "--venv", venv], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_HASH_MISMATCH\]/);
    assert.ok(!existsSync(venv), "no venv may be left behind");
  });

  it("refuses a manifest that violates the schema, naming the JSON path", async () => {
    const copy = path.join(work.dir, "bad-schema");
    await cp(bundle, copy, { recursive: true });
    const file = path.join(copy, "manifest.json");
    const manifest = JSON.parse(await readFile(file, "utf8")) as { packages: { wheels: { sha256: string }[] }[] };
    manifest.packages[0]!.wheels[0]!.sha256 = "not-a-hash";
    await writeFile(file, JSON.stringify(manifest, null, 2));
    const res = await runCli(["install", copy, "--venv", path.join(work.dir, "venv-bad")], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_MANIFEST_INVALID\]/);
    assert.match(res.stderr, /\/packages\/0\/wheels\/0\/sha256/);
  });

  it("refuses a path that is not a bundle", async () => {
    const res = await runCli(["install", fixturesDir, "--venv", path.join(work.dir, "venv-x")], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_NOT_A_BUNDLE\]/);
  });
});
