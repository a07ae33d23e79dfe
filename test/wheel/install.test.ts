// The installer's store, link modes, conflicts, bytecode, pip, and an install with no network at all.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { isPyvendorError } from "../../src/errors.js";
import type { PyvendorEvent } from "../../src/events.js";
import { pipWheelInput } from "../../src/wheel/pip-wheel.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { fixtureWheels, type FixtureWheel } from "../helpers/fixture-wheels.js";
import { installInto, python3 } from "../helpers/install-venv.js";
import { buildWheel } from "../helpers/wheel-factory.js";

let work: { dir: string; cleanup: () => Promise<void> };
let wheels: FixtureWheel[];
const store = () => path.join(work.dir, "store");
const site = (venv: string) => path.join(venv, "lib", "python3.11", "site-packages");

before(async () => {
  work = await tempDir("pyvendor-install-");
  wheels = await fixtureWheels();
});
after(async () => {
  await work?.cleanup();
});

test("the second install of the same wheels is all store hits, and the store is never modified", async () => {
  const first = await installInto(path.join(work.dir, "v1"), wheels.map((w) => w.path), { storeDir: store(), linkMode: "hardlink" });
  assert.equal(first.report.storeMisses, wheels.length);
  const storeFile = path.join(store(), wheels.find((w) => w.name === "hello-cli")!.sha256, "files", "hello_cli", "cli.py");
  const before = await stat(storeFile);
  assert.equal(before.mode & 0o222, 0, "store files are read-only");
  const second = await installInto(path.join(work.dir, "v2"), wheels.map((w) => w.path), { storeDir: store(), linkMode: "hardlink" });
  assert.equal(second.report.storeHits, wheels.length);
  assert.equal(second.report.storeMisses, 0);
  const installed = await stat(path.join(site(path.join(work.dir, "v2")), "hello_cli", "cli.py"));
  assert.equal(installed.ino, before.ino, "hardlink mode shares the store's inode");
  assert.ok(second.report.packages.every((p) => p.linked > 0 && p.copied === 0));
  const after = await stat(storeFile);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.nlink, 3, "linked by two venvs plus the store itself");
});

test("files that differ per venv (launchers, RECORD, INSTALLER) are written fresh, never linked", async () => {
  const venv = path.join(work.dir, "v2");
  for (const file of [path.join(venv, "bin", "hello"), path.join(site(venv), "hello_cli-1.0.0.dist-info", "RECORD"), path.join(site(venv), "hello_cli-1.0.0.dist-info", "INSTALLER")]) {
    assert.equal((await stat(file)).nlink, 1, file);
  }
  assert.match(await readFile(path.join(venv, "bin", "hello"), "utf8"), new RegExp(`^#!${venv}/bin/python\n`));
});

test("copy mode gives private files with pip's modes", async () => {
  const venv = path.join(work.dir, "v3");
  const { report } = await installInto(venv, wheels.map((w) => w.path), { storeDir: store(), linkMode: "copy" });
  assert.ok(report.packages.every((p) => p.linked === 0 && p.copied > 0));
  const file = await stat(path.join(site(venv), "hello_cli", "cli.py"));
  assert.equal(file.nlink, 1);
  assert.equal(file.mode & 0o777, 0o644);
});

test("a store on another filesystem falls back to copies (EXDEV), warning only for an explicit mode", async () => {
  if (!existsSync("/dev/shm")) return assert.fail("/dev/shm is needed for a second filesystem");
  const shm = await mkdtemp("/dev/shm/pyvendor-store-");
  try {
    const events: PyvendorEvent[] = [];
    const venv = path.join(work.dir, "v-xdev");
    const { report } = await installInto(venv, wheels.map((w) => w.path), { storeDir: shm, linkMode: "hardlink", events: (e) => events.push(e) });
    assert.ok(report.packages.every((p) => p.linked === 0 && p.copied > 0));
    assert.equal(events.filter((e) => e.type === "warning").length, 1);
    const file = await stat(path.join(site(venv), "hello_cli", "cli.py"));
    assert.equal(file.mode & 0o777, 0o644, "copies get pip's modes, not the store's read-only ones");
  } finally {
    await rm(shm, { recursive: true, force: true });
  }
});

test("without a store, the install unpacks privately and leaves nothing extra in the venv", async () => {
  const venv = path.join(work.dir, "v4");
  const { report } = await installInto(venv, wheels.map((w) => w.path));
  assert.equal(report.storeMisses, wheels.length);
  assert.deepEqual((await readdir(venv)).sort(), ["bin", "include", "lib", "lib64", "pyvenv.cfg"]);
  const file = await stat(path.join(site(venv), "hello_cli", "cli.py"));
  assert.equal(file.mode & 0o777, 0o644);
});

test("compile: one .pyc per module, recorded in RECORD, with the final path inside", async () => {
  const venv = path.join(work.dir, "v5");
  const { report } = await installInto(venv, wheels.map((w) => w.path), { storeDir: store(), compile: true });
  assert.ok(report.packages.find((p) => p.name === "hello-cli")!.compiled >= 2);
  const record = await readFile(path.join(site(venv), "hello_cli-1.0.0.dist-info", "RECORD"), "utf8");
  assert.match(record, /^hello_cli\/__pycache__\/cli\.cpython-311\.pyc,,$/m);
  const pyc = await readFile(path.join(site(venv), "hello_cli", "__pycache__", "cli.cpython-311.pyc"));
  assert.ok(pyc.includes(Buffer.from(path.join(site(venv), "hello_cli", "cli.py"))), "co_filename is the final path");
  const run = await execa(path.join(venv, "bin", "demo-app"), [], { env: cleanEnv(), reject: false });
  assert.equal(run.exitCode, 0, run.stderr);
});

test("two packages writing one path with different contents: E_FILE_CONFLICT naming both", async () => {
  const out = path.join(work.dir, "conflict");
  const a = await buildWheel({ name: "alpha", version: "1.0", files: [{ path: "shared/data.txt", data: "alpha\n" }] }, out);
  const b = await buildWheel({ name: "beta", version: "1.0", files: [{ path: "shared/data.txt", data: "beta\n" }] }, out);
  const c = await buildWheel({ name: "gamma", version: "1.0", files: [{ path: "shared/data.txt", data: "alpha\n" }] }, out);
  const venv = path.join(work.dir, "v-conflict");
  await assert.rejects(installInto(venv, [a.path, b.path], { storeDir: store() }), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_FILE_CONFLICT"), String(err));
    assert.match(err.message, /alpha/);
    assert.match(err.message, /beta/);
    assert.match(err.message, /shared\/data\.txt/);
    return true;
  });
  assert.equal(existsSync(venv), false);
  await installInto(venv, [a.path, c.path], { storeDir: store() });
  assert.equal(await readFile(path.join(site(venv), "shared", "data.txt"), "utf8"), "alpha\n");
});

test("withPip: pip installed by our installer works, with pip, pip3 and pip3.11", async () => {
  const venv = path.join(work.dir, "v-pip");
  const python = await python3();
  const pip = await pipWheelInput(python);
  await installInto(venv, [pip.path], { storeDir: store() });
  for (const name of ["pip", "pip3", "pip3.11"]) assert.ok(existsSync(path.join(venv, "bin", name)), name);
  const run = await execa(path.join(venv, "bin", "pip"), ["--version"], { env: cleanEnv() });
  assert.match(run.stdout, new RegExp(`from ${site(venv)}/pip`));
});

test("an install runs inside a network namespace with no interfaces", async () => {
  const script = path.join(work.dir, "offline.mjs");
  const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "helpers", "install-venv.js");
  const venv = path.join(work.dir, "v-offline");
  await writeFile(
    script,
    `import { installInto } from ${JSON.stringify(helper)};\n` +
      `const r = await installInto(${JSON.stringify(venv)}, ${JSON.stringify(wheels.map((w) => w.path))}, { storeDir: ${JSON.stringify(path.join(work.dir, "offline-store"))}, compile: true });\n` +
      `console.log(JSON.stringify({ files: r.report.files }));\n`,
  );
  const run = await execa("unshare", ["-n", process.execPath, script], { env: cleanEnv(), reject: false });
  assert.equal(run.exitCode, 0, run.stderr);
  const links = await execa("unshare", ["-n", "cat", "/proc/net/dev"]);
  assert.doesNotMatch(links.stdout, /eth|ens|enp/, "the namespace has no network interfaces");
  assert.ok(JSON.parse(run.stdout).files > 0);
  const hello = await execa(path.join(venv, "bin", "hello"), [], { env: cleanEnv() });
  assert.ok(hello.stdout.length > 0);
});
