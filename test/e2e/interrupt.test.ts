// Ctrl-C: SIGINT during a build (pack) and during staging (install) prints E_INTERRUPTED, exits 130,
// leaves no temp or staging directory and no build process, and leaves the previous venv as it was.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { cliPath } from "../helpers/paths.js";
import { buildSdist } from "../helpers/sdist.js";
import { snapshot } from "../helpers/venv-tree.js";
import { buildWheel } from "../helpers/wheel-factory.js";
import { runCli } from "../helpers/cli.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-interrupt-");
});
after(async () => {
  await work?.cleanup();
});

interface Started {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the CLI without waiting for it. */
function startCli(args: string[]): Started {
  const child = spawn(process.execPath, [cliPath, ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid as number, done };
}

/** Resolves with the text of `file` once it exists (written by rename, so whole); rejects if the command ends first. */
async function whenWritten(file: string, started: Started, what: string): Promise<string> {
  let ended = false;
  void started.done.then(() => (ended = true));
  for (let waited = 0; waited < 120_000; waited += 50) {
    if (existsSync(file)) return readFile(file, "utf8");
    if (ended) {
      const r = await started.done;
      throw new Error(`the command ended (exit ${r.code}) before ${what} began:\n${r.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not begin within two minutes`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (a few seconds at most, for the kernel to reap them) until none of `pids` runs; returns those still running. */
async function stillRunning(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(alive);
}

const python = (marker: string) => `
import os, subprocess, sys, time
def mark(text):
    with open(${JSON.stringify(`${marker}.tmp`)}, "w") as f:
        f.write(text)
    os.rename(${JSON.stringify(`${marker}.tmp`)}, ${JSON.stringify(marker)})
`;

/**
 * An sdist of `name` 1.0 whose in-tree backend's build_wheel runs `body` (after `mark` is defined,
 * writing `marker`), and its requirements file.
 */
async function slowBuildSdist(name: string, marker: string, body: string): Promise<string> {
  const tree = path.join(work.dir, name);
  await mkdir(tree, { recursive: true });
  await writeFile(path.join(tree, "pyproject.toml"), `[build-system]\nrequires = []\nbuild-backend = "slowbackend"\nbackend-path = ["."]\n\n[project]\nname = "${name}"\nversion = "1.0"\n`);
  await writeFile(path.join(tree, "slowbackend.py"), `${python(marker)}\ndef build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n${body}`);
  const sdist = await buildSdist(tree, path.join(work.dir, `dists-${name}`));
  const req = path.join(work.dir, `${name}-req.txt`);
  await writeFile(req, `${sdist.path}\n`);
  return req;
}

test("SIGINT during a build: E_INTERRUPTED, exit 130, the build's process group killed, no temp directory or output left", { timeout: 180_000 }, async () => {
  const marker = path.join(work.dir, "build-started");
  // The backend starts a grandchild (as a compiler would), says so, and then takes its time.
  const req = await slowBuildSdist("slowbuild", marker, '    child = subprocess.Popen(["sleep", "300"])\n    mark("%d %d" % (os.getpid(), child.pid))\n    time.sleep(300)\n');
  const cache = path.join(work.dir, "pack-cache");
  const out = path.join(work.dir, "pack-out");

  const started = startCli(["pack", "-r", req, "--no-index", "-o", out, "--cache-dir", cache]);
  const pids = (await whenWritten(marker, started, "the build")).split(" ").map(Number);
  process.kill(started.pid, "SIGINT");
  const result = await started.done;

  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /error: pack was interrupted by Ctrl-C \(SIGINT\) \[E_INTERRUPTED\]/);
  assert.deepEqual(await stillRunning(pids), [], "the build backend and its child were killed");
  assert.deepEqual((await readdir(path.join(cache, "tmp"))).filter((n) => n.startsWith("pack-")), []);
  assert.ok(!existsSync(out), "no bundle was written");
  assert.deepEqual((await readdir(work.dir)).filter((n) => n.includes("pack-out")), [], "nor a staging tree beside it");
});

test("SIGINT while the venv is staged: E_INTERRUPTED, exit 130, no staging directory, the previous venv untouched", { timeout: 180_000 }, async () => {
  const marker = path.join(work.dir, "import-started");
  const wheels = path.join(work.dir, "wheels");
  const quick = await buildWheel({ name: "quick", version: "1.0", files: [{ path: "quick/__init__.py", data: "VALUE = 1\n" }] }, wheels);
  // Importing it (the --check-imports step, run in the staging directory) says so and then hangs.
  const slow = await buildWheel({ name: "slowimport", version: "1.0", files: [{ path: "slowimport/__init__.py", data: `${python(marker)}\nmark(str(os.getpid()))\ntime.sleep(300)\n` }] }, wheels);
  const cache = path.join(work.dir, "install-cache");
  const bundles: string[] = [];
  for (const wheel of [quick, slow]) {
    const req = path.join(work.dir, `${wheel.name}.txt`);
    await writeFile(req, `${wheel.path}\n`);
    const bundle = path.join(work.dir, `bundle-${wheel.name}`);
    const packed = await runCli(["pack", "-r", req, "--no-index", "-o", bundle, "--cache-dir", cache], { env: cleanEnv() });
    assert.equal(packed.code, 0, packed.stderr);
    bundles.push(bundle);
  }
  const venvs = path.join(work.dir, "venvs");
  const venv = path.join(venvs, "venv");
  const first = await runCli(["install", bundles[0] as string, "--venv", venv, "--cache-dir", cache], { env: cleanEnv() });
  assert.equal(first.code, 0, first.stderr);
  const before = await snapshot(venv);

  const started = startCli(["install", bundles[1] as string, "--venv", venv, "--force", "--check-imports", "--cache-dir", cache]);
  const pid = Number(await whenWritten(marker, started, "the import check in the staging directory"));
  process.kill(started.pid, "SIGINT");
  const result = await started.done;

  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /error: install was interrupted by Ctrl-C \(SIGINT\) \[E_INTERRUPTED\]/);
  assert.deepEqual(await stillRunning([pid]), [], "the venv's python was killed");
  assert.deepEqual(await readdir(venvs), ["venv"], "no staging directory beside the venv");
  assert.deepEqual(await snapshot(venv), before, "the previous venv is as it was");
  assert.deepEqual((await readdir(path.join(cache, "tmp"))).filter((n) => n.startsWith("install-")), []);
});

test("--json: the interrupted command's document has ok false and E_INTERRUPTED", { timeout: 180_000 }, async () => {
  const marker = path.join(work.dir, "json-build-started");
  const req = await slowBuildSdist("slowjson", marker, "    mark(str(os.getpid()))\n    time.sleep(300)\n");
  const started = startCli(["pack", "-r", req, "--no-index", "-o", path.join(work.dir, "json-out"), "--cache-dir", path.join(work.dir, "json-cache"), "--json"]);
  await whenWritten(marker, started, "the build");
  process.kill(started.pid, "SIGTERM");
  const result = await started.done;
  assert.equal(result.code, 143, result.stderr);
  const doc = JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(doc.ok, false);
  assert.equal(doc.error.code, "E_INTERRUPTED");
  assert.match(doc.error.message, /SIGTERM/);
});
