// lock(): loose requirements → a requirements file of pins with hashes, kept on a re-lock, offline too.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { lock } from "../../src/pack/lock.js";
import { parsePylock } from "../../src/standards/pylock.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import type { IndexServer } from "../helpers/index-server.js";
import { startTinyIndex } from "../helpers/tiny-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: IndexServer;

before(async () => {
  work = await tempDir("pyvendor-lock-");
  ({ server: index } = await startTinyIndex(path.join(work.dir, "dists"), [
    { name: "app", version: "1.0", dependencies: ["lib>=1", 'winonly; sys_platform == "win32"'] },
    { name: "lib", version: "1.0" },
    { name: "lib", version: "1.1" },
    { name: "other", version: "2.0", dependencies: ["lib<1.1"] },
  ], { metadata: "core" }));
});
after(async () => {
  await index?.stop();
  await work?.cleanup();
});

const base = (dir: string) => ({ cwd: dir, env: cleanEnv(), cacheDir: path.join(dir, "cache"), index: { indexUrl: index.url }, output: "requirements.txt" });

test("loose requirements become pins with every file's hash and who asked; the same input gives the same bytes", async () => {
  const dir = path.join(work.dir, "one");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "requirements.in"), "app\n");
  const result = await lock({ ...base(dir), requirementFiles: ["requirements.in"], command: "pyvendor lock -r requirements.in" });
  assert.deepEqual(result.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.1"]);
  const text = await readFile(path.join(dir, "requirements.txt"), "utf8");
  assert.match(text, /^app==1\.0 \\\n    --hash=sha256:[0-9a-f]{64}\n    # via -r requirements\.in\nlib==1\.1 \\\n    --hash=sha256:[0-9a-f]{64}\n    # via app\n$/m);
  assert.ok(!text.includes("winonly"));
  const again = await lock({ ...base(dir), requirementFiles: ["requirements.in"], command: "pyvendor lock -r requirements.in" });
  assert.equal(again.changed, false);
  assert.equal(await readFile(path.join(dir, "requirements.txt"), "utf8"), text);
});

test("a re-lock keeps the earlier pins that still fit; --upgrade-package and --upgrade let them move", async () => {
  const dir = path.join(work.dir, "keep");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "requirements.txt"), "app==1.0\nlib==1.0\n");
  const kept = await lock({ ...base(dir), requirements: ["app"] });
  assert.deepEqual(kept.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.0"]);
  const one = await lock({ ...base(dir), requirements: ["app"], upgradePackages: ["LIB"] });
  assert.deepEqual(one.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.1"]);
  await writeFile(path.join(dir, "requirements.txt"), "app==1.0\nlib==1.0\n");
  const all = await lock({ ...base(dir), requirements: ["app"], upgrade: true });
  assert.deepEqual(all.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.1"]);
});

test("no solution: E_RESOLUTION_IMPOSSIBLE with the explanation, and the earlier lock is left as it was", async () => {
  const dir = path.join(work.dir, "conflict");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "requirements.txt"), "# keep me\n");
  await assert.rejects(lock({ ...base(dir), requirements: ["other", "lib>=1.1"] }), (err: unknown) =>
    isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE") && /other==2\.0 depends on lib<1\.1/.test(err.message));
  assert.equal(await readFile(path.join(dir, "requirements.txt"), "utf8"), "# keep me\n");
});

test("the same lock again with the index down (--offline), from the cache", async () => {
  const dir = path.join(work.dir, "offline");
  await mkdir(dir, { recursive: true });
  const online = await lock({ ...base(dir), requirements: ["app"] });
  const text = await readFile(path.join(dir, "requirements.txt"), "utf8");
  index.reset();
  const offline = await lock({ ...base(dir), requirements: ["app"], upgrade: true, index: { indexUrl: index.url, offline: true } });
  assert.deepEqual(offline.pins, online.pins);
  assert.equal(await readFile(path.join(dir, "requirements.txt"), "utf8"), text);
  assert.deepEqual(index.requests, []);
});

test("--format pylock (or a .toml output): PEP 751 with each file's URL and sha256, read back by our pylock reader and kept on a re-lock", async () => {
  const dir = path.join(work.dir, "pylock");
  await mkdir(dir, { recursive: true });
  const result = await lock({ ...base(dir), requirements: ["app"], output: "pylock.toml" });
  const text = await readFile(path.join(dir, "pylock.toml"), "utf8");
  const parsed = parsePylock(text, { file: path.join(dir, "pylock.toml") });
  assert.deepEqual(parsed.packages.map((p) => `${p.name}==${p.version}`), result.pins.map((p) => `${p.name}==${p.version}`));
  const lib = parsed.packages.find((p) => p.name === "lib");
  assert.equal(lib?.wheels.length, 1);
  assert.match(lib?.wheels[0]?.url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/files\/lib-1\.1-py3-none-any\.whl$/);
  assert.match(lib?.wheels[0]?.hashes.sha256 ?? "", /^[0-9a-f]{64}$/);
  assert.match(text, /^index = "http:\/\/127\.0\.0\.1:\d+\/simple\/"$/m);
  await writeFile(path.join(dir, "pylock.toml"), text.replace(/name = "lib"\nversion = "1\.1"/, 'name = "lib"\nversion = "1.0"').replace(/lib-1\.1-py3/g, "lib-1.0-py3"));
  const kept = await lock({ ...base(dir), requirements: ["app"], output: "pylock.toml" });
  assert.deepEqual(kept.pins.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.0"]);
});
