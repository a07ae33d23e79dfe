// stageAndSwap: build beside the destination, rename into place; failures and leftovers leave no trace.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { removeLeftovers, stageAndSwap } from "../../src/python/stage.js";
import { tempDir } from "../helpers/env.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-stage-");
});
after(async () => {
  await work?.cleanup();
});

const entries = async (dir: string) => (await readdir(dir)).sort();

async function venvLike(dir: string, marker: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "pyvenv.cfg"), "home = /usr/bin\n");
  await writeFile(path.join(dir, "marker"), marker);
}

test("the build runs in `.<name>.pyvendor-staging-*` beside the destination and is renamed into place", async () => {
  const dest = path.join(work.dir, "a", "venv");
  let seen = "";
  const result = await stageAndSwap(dest, {}, async (staging) => {
    seen = staging;
    await venvLike(staging, "new");
    return 42;
  });
  assert.equal(result, 42);
  assert.equal(path.dirname(seen), path.dirname(dest));
  assert.match(path.basename(seen), /^\.venv\.pyvendor-staging-\d+-[0-9a-f]+$/);
  assert.equal(await readFile(path.join(dest, "marker"), "utf8"), "new");
  assert.deepEqual(await entries(path.dirname(dest)), ["venv"]);
});

test("a failing build leaves no staging dir and an existing venv untouched", async () => {
  const dest = path.join(work.dir, "b", "venv");
  await venvLike(dest, "old");
  await assert.rejects(
    stageAndSwap(dest, { force: true }, async (staging) => {
      await venvLike(staging, "new");
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(await readFile(path.join(dest, "marker"), "utf8"), "old");
  assert.deepEqual(await entries(path.dirname(dest)), ["venv"]);
});

test("an existing destination needs force (E_VENV_EXISTS); force replaces it and removes the old one", async () => {
  const dest = path.join(work.dir, "c", "venv");
  await venvLike(dest, "old");
  let ran = false;
  await assert.rejects(stageAndSwap(dest, {}, async () => { ran = true; }), (err: unknown) => isPyvendorError(err, "E_VENV_EXISTS"));
  assert.equal(ran, false, "nothing is built when the destination exists");
  await stageAndSwap(dest, { force: true }, (staging) => venvLike(staging, "new"));
  assert.equal(await readFile(path.join(dest, "marker"), "utf8"), "new");
  assert.deepEqual(await entries(path.dirname(dest)), ["venv"]);
});

test("force refuses to replace a directory that is not a venv", async () => {
  const dest = path.join(work.dir, "d", "home");
  await mkdir(dest, { recursive: true });
  await writeFile(path.join(dest, "precious.txt"), "keep me");
  await assert.rejects(stageAndSwap(dest, { force: true }, async () => {}), (err: unknown) => isPyvendorError(err, "E_VENV_EXISTS"));
  assert.equal(await readFile(path.join(dest, "precious.txt"), "utf8"), "keep me");
});

test("leftovers of dead processes are removed; those of live ones are kept", async () => {
  const dest = path.join(work.dir, "e", "venv");
  const parent = path.dirname(dest);
  await mkdir(path.join(parent, ".venv.pyvendor-staging-999999999-abcdef"), { recursive: true });
  await mkdir(path.join(parent, ".venv.pyvendor-old-999999998-abcdef"), { recursive: true });
  await mkdir(path.join(parent, `.venv.pyvendor-staging-${process.ppid}-live`), { recursive: true });
  await mkdir(path.join(parent, ".other.pyvendor-staging-999999999-abcdef"), { recursive: true });
  const removed = await removeLeftovers(dest);
  assert.equal(removed.length, 2);
  assert.deepEqual(await entries(parent), [".other.pyvendor-staging-999999999-abcdef", `.venv.pyvendor-staging-${process.ppid}-live`]);
  assert.equal(existsSync(dest), false);
});
