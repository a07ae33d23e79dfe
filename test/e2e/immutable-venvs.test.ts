// Installed venvs share no writable file: a write to one venv reaches no other venv, release or later install.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { UNPACKED_BUCKET } from "../../src/cache/cache.js";
import { install } from "../../src/install/venv.js";
import { LINKED_MARKER } from "../../src/wheel/store.js";
import { installRelease } from "../../src/install/release.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { writeHostileBundle } from "../helpers/hostile-bundle.js";

const ORIGINAL = "VALUE = 'original'\n";
const FILE = path.join("lib", "python3.11", "site-packages", "shared_pkg", "__init__.py");

let work: { dir: string; cleanup: () => Promise<void> };
let bundle: string;
before(async () => {
  work = await tempDir("pyvendor-immutable-");
  bundle = await writeHostileBundle({ form: "dir", dir: path.join(work.dir, "src"), wheels: [{ name: "shared-pkg", version: "1.0", files: [{ path: "shared_pkg/__init__.py", data: ORIGINAL }] }] });
});
after(async () => {
  await work?.cleanup();
});

/** Writes `text` into `file` as a root user would: make it writable, then write in place (same inode). */
async function scribble(file: string, text: string): Promise<void> {
  await chmod(file, 0o644);
  await writeFile(file, text);
}

test("by default (copies here; no reflinks on this file system) a write to one venv reaches no other venv, release or later install", async () => {
  const cacheDir = path.join(work.dir, "cache-default");
  const env = cleanEnv();
  const first = path.join(work.dir, "default", "first");
  const second = path.join(work.dir, "default", "second");
  await install({ bundle, venv: first, cacheDir, env });
  await install({ bundle, venv: second, cacheDir, env });
  const release = await installRelease({ bundle, releases: path.join(work.dir, "default", "app"), cacheDir, env, wait: false });
  assert.equal((await stat(path.join(first, FILE))).nlink, 1, "a file of its own, not a link into the store");
  await scribble(path.join(first, FILE), "VALUE = 'tampered'\n");
  const third = path.join(work.dir, "default", "third");
  const again = await install({ bundle, venv: third, cacheDir, env });
  assert.equal(again.store.hits, 1, "the store entry was untouched, and reused");
  for (const venv of [second, release.path, third]) assert.equal(await readFile(path.join(venv, FILE), "utf8"), ORIGINAL, venv);
});

test("with --link-mode hardlink, the next install finds the store entry changed, unpacks it again, and gets the original bytes", async () => {
  const cacheDir = path.join(work.dir, "cache-hardlink");
  const env = cleanEnv();
  const first = path.join(work.dir, "hard", "first");
  await install({ bundle, venv: first, cacheDir, env, linkMode: "hardlink" });
  assert.ok((await stat(path.join(first, FILE))).nlink >= 2, "hard-linked to the store");
  await scribble(path.join(first, FILE), "VALUE = 'tampered through a link'\n");
  const second = path.join(work.dir, "hard", "second");
  const result = await install({ bundle, venv: second, cacheDir, env, linkMode: "hardlink" });
  assert.deepEqual(result.store, { hits: 0, misses: 1 }, "the changed entry is not reused");
  assert.equal(await readFile(path.join(second, FILE), "utf8"), ORIGINAL);
  const third = path.join(work.dir, "hard", "third");
  assert.deepEqual((await install({ bundle, venv: third, cacheDir, env, linkMode: "hardlink" })).store, { hits: 1, misses: 0 }, "the new entry is reused");
});

test("an entry once hard-linked stays watched: a default (copy) install after a write through the link unpacks it again", async () => {
  const cacheDir = path.join(work.dir, "cache-mixed");
  const env = cleanEnv();
  const copied = await install({ bundle, venv: path.join(work.dir, "mixed", "copied"), cacheDir, env });
  const entry = path.join(cacheDir, UNPACKED_BUCKET, (await readdir(path.join(cacheDir, UNPACKED_BUCKET))).find((n) => /^[0-9a-f]{64}$/.test(n)) as string);
  assert.equal(existsSync(path.join(entry, LINKED_MARKER)), false, "copies only: the entry is not watched file by file");
  assert.deepEqual(copied.store, { hits: 0, misses: 1 });
  const linked = path.join(work.dir, "mixed", "linked");
  await install({ bundle, venv: linked, cacheDir, env, linkMode: "hardlink" });
  assert.equal(existsSync(path.join(entry, LINKED_MARKER)), true, "marked before its files were linked");
  await scribble(path.join(linked, FILE), "VALUE = 'tampered through a link'\n");
  const after = path.join(work.dir, "mixed", "after");
  const result = await install({ bundle, venv: after, cacheDir, env });
  assert.deepEqual(result.store, { hits: 0, misses: 1 }, "the changed entry is not reused");
  assert.equal(await readFile(path.join(after, FILE), "utf8"), ORIGINAL);
});
