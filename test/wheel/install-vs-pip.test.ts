// Differential test: pyvendor's venv + installer against `python -m venv` + `pip install --no-deps --no-index`.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { inspectPython, type PythonInfo } from "../../src/python/interpreter.js";
import { stageAndSwap } from "../../src/python/stage.js";
import { createVenv } from "../../src/python/venv.js";
import { installWheels } from "../../src/wheel/install.js";
import { parseRecord, sha256Record } from "../../src/wheel/record.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { fixtureWheels } from "../helpers/fixture-wheels.js";
import { allowedPipDifference, diffSnapshots, normalizeForPip, snapshot } from "../helpers/venv-tree.js";
import { coverageWheels } from "../helpers/wheel-sets.js";

let work: { dir: string; cleanup: () => Promise<void> };
let python: PythonInfo;
let wheels: { path: string; name: string; sha256: string }[];
const ours = () => path.join(work.dir, "ours", "venv");
// Same-length parent names: launchers embed the venv path, so their RECORD sizes must match too.
const theirs = () => path.join(work.dir, "pips", "venv");
const env = () => cleanEnv({ PYTHONDONTWRITEBYTECODE: "1" });

before(async () => {
  work = await tempDir("pyvendor-vs-pip-");
  python = await inspectPython("python3");
  wheels = [...(await fixtureWheels()), ...(await coverageWheels(path.join(work.dir, "generated")))];
  await mkdir(path.join(work.dir, "ours"));
  await mkdir(path.join(work.dir, "pips"));
  await stageAndSwap(ours(), {}, async (stagingDir) => {
    const layout = await createVenv({ stagingDir, finalPath: ours(), python });
    return installWheels({
      layout,
      python,
      wheels: wheels.map((w) => ({ ...w, requested: true })),
      storeDir: path.join(work.dir, "store"),
      linkMode: "copy",
    });
  });
  await execa(python.executable, ["-m", "venv", "--without-pip", theirs()], { env: env() });
  await execa(
    python.executable,
    ["-m", "pip", "--python", path.join(theirs(), "bin", "python"), "install", "-q", "--no-deps", "--no-index", "--no-compile", ...wheels.map((w) => w.path)],
    { env: env() },
  );
});

after(async () => {
  await work?.cleanup();
});

test("the venv tree, file contents and modes equal pip's (but INSTALLER, RECORD order, direct_url.json, bytecode)", async () => {
  const a = await snapshot(ours(), { ignore: allowedPipDifference });
  const b = await snapshot(theirs(), { ignore: allowedPipDifference });
  for (const snap of [a, b]) normalizeForPip(snap);
  assert.deepEqual(diffSnapshots(a, b), []);
  assert.equal(a.get("lib/python3.11/site-packages/hello_cli-1.0.0.dist-info/INSTALLER") !== undefined, true);
});

test("every RECORD row of our venv matches the installed file's hash and size", async () => {
  const site = path.join(ours(), "lib", "python3.11", "site-packages");
  const records = (await readdir(site)).filter((d) => d.endsWith(".dist-info"));
  assert.equal(records.length, wheels.length);
  for (const info of records) {
    for (const row of parseRecord(await readFile(path.join(site, info, "RECORD"), "utf8"))) {
      const file = path.join(site, row.path);
      if (!row.hash) {
        assert.match(row.path, new RegExp(`^${info.replace(/\./g, "\\.")}/RECORD(\\.jws|\\.p7s)?$`));
        assert.equal(row.size, "", row.path);
        continue;
      }
      const body = await readFile(file);
      assert.equal(row.hash, sha256Record(body), row.path);
      assert.equal(row.size, String(body.length), row.path);
    }
  }
});

test("INSTALLER says pyvendor", async () => {
  const snap = await snapshot(ours());
  const installers = [...snap].filter(([k]) => k.endsWith(".dist-info/INSTALLER"));
  assert.equal(installers.length, wheels.length);
  for (const [, entry] of installers) assert.equal(entry.content, "pyvendor\n");
});

// (pip freeze differs by design: pip's direct_url.json makes it print `name @ file://...`.)
for (const command of [["list", "--format=json"], ["check"]]) {
  test(`pip ${command[0]} sees the same in both venvs`, async () => {
    const run = (venv: string) =>
      execa(python.executable, ["-m", "pip", "--python", path.join(venv, "bin", "python"), ...command], { env: env(), reject: false });
    const [x, y] = await Promise.all([run(ours()), run(theirs())]);
    assert.equal(x.exitCode, y.exitCode, `${x.stderr}\n${y.stderr}`);
    assert.equal(x.stdout, y.stdout);
    if (command[0] === "check") assert.match(x.stdout, /ns-two 1\.5 requires not-installed/);
  });
}

test("console scripts, .data scripts and .pth files work in our venv", async () => {
  const bin = path.join(ours(), "bin");
  assert.equal((await execa(path.join(bin, "hello"), [], { env: env() })).stdout.length > 0, true);
  assert.equal((await execa(path.join(bin, "odd"), [], { env: env() })).stdout, "odd main");
  assert.equal((await execa(path.join(bin, "odd-gui"), [], { env: env() })).stdout, "odd gui");
  assert.equal((await execa(path.join(bin, "odd-script"), [], { env: env() })).stdout, `odd script ${ours()}`);
  const probe = await execa(path.join(bin, "python"), ["-c", "import odd_via_pth, nsroot.one, nsroot.two, fastmath; print(odd_via_pth.VALUE)"], { env: env() });
  assert.equal(probe.stdout, "from pth");
});
