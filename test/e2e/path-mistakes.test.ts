// Path mistakes are the user's to fix: E_IO (exit 1) naming the path, never a crash or "a bug in pyvendor"; pack checks its output before any download.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCli, type CliResult } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
let bundle: string;
let afile: string;
const env = cleanEnv();

before(async () => {
  work = await tempDir("pyvendor-paths-");
  index = await startFixtureIndex(work.dir, ["hello-cli"], [], false);
  afile = path.join(work.dir, "afile");
  await writeFile(afile, "not a directory\n");
  bundle = path.join(work.dir, "bundle");
  const packed = await runCli(["pack", "hello-cli==1.0.0", "-i", index.server.url, "--cache-dir", path.join(work.dir, "cache"), "-o", bundle], { env });
  assert.equal(packed.code, 0, packed.stderr);
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

/** Exit 1, E_IO, the path in the message, no internal-error wording. */
function assertIo(res: CliResult, named: string): void {
  assert.equal(res.code, 1, res.stdout + res.stderr);
  assert.match(res.stderr, /\[E_IO\]/);
  assert.ok(res.stderr.includes(named), `names ${named}: ${res.stderr}`);
  assert.doesNotMatch(res.stderr, /bug in pyvendor|E_INTERNAL|at .*\.js:\d+/);
}

// A fresh cache each time: a pack that fetched before refusing its output would show in the index's requests.
let packs = 0;
const pack = (output: string) =>
  runCli(["pack", "hello-cli==1.0.0", "-i", index.server.url, "--cache-dir", path.join(work.dir, `cache-pack-${++packs}`), "-o", output], { env });

test("pack -o under a file: E_IO naming the file in the way, before any index request", async () => {
  for (const output of [path.join(afile, "out"), path.join(afile, "deep", "out.tar.gz"), path.join(afile, "out.zip")]) {
    index.server.reset();
    const res = await pack(output);
    assertIo(res, afile);
    assert.match(res.stderr, /is a file, not a directory/);
    assert.deepEqual(index.server.requests.map((r) => r.url), [], output);
  }
});

test("pack -o into a non-empty directory or over a file that are not bundles: E_OUTPUT_EXISTS before any index request", async () => {
  const full = path.join(work.dir, "full");
  await mkdir(full);
  await writeFile(path.join(full, "notes.txt"), "mine\n");
  const other = path.join(work.dir, "other.tar.gz");
  await writeFile(other, "not an archive\n");
  for (const output of [full, other]) {
    index.server.reset();
    const res = await pack(output);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /\[E_OUTPUT_EXISTS\]/);
    assert.deepEqual(index.server.requests.map((r) => r.url), [], output);
  }
});

test("pack -o new/deep/bundle.tar.gz makes the missing directories, as a directory output does", async () => {
  for (const output of [path.join(work.dir, "new", "deep", "bundle.tar.gz"), path.join(work.dir, "new2", "deep", "bundle")]) {
    const res = await pack(output);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.ok(existsSync(output.endsWith(".tar.gz") ? output : path.join(output, "manifest.json")), output);
  }
});

test("install --venv and --releases under a file, or where nothing may be made: E_IO naming the path", async () => {
  const cache = path.join(work.dir, "cache-install");
  assertIo(await runCli(["install", bundle, "--venv", path.join(afile, "venv"), "--cache-dir", cache], { env }), afile);
  assertIo(await runCli(["install", bundle, "--venv", "/proc/pyvendor-venv", "--cache-dir", cache], { env }), "/proc/pyvendor-venv");
  assertIo(await runCli(["install", bundle, "--releases", path.join(afile, "rel"), "--cache-dir", cache], { env }), afile);
  assert.ok(!existsSync("/proc/pyvendor-venv"));
});

test("export -o under a file or where nothing may be made: E_IO naming the path", async () => {
  assertIo(await runCli(["export", bundle, "-o", path.join(afile, "x.txt")], { env }), afile);
  assertIo(await runCli(["export", bundle, "-o", "/proc/pyvendor-x.txt"], { env }), "/proc/pyvendor-x.txt");
});
