// lock() reads an sdist's dependencies as pip does: prepare_metadata_for_build_wheel (nothing compiled), a whole build only for a backend without it.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { lock } from "../../src/pack/lock.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;

before(async () => {
  work = await tempDir("pyvendor-lock-metadata-");
  // st-legacy: setuptools' legacy backend (it has the hook); fastmath: our in-tree backend (it has not, and compiles C).
  index = await startFixtureIndex(work.dir, [{ package: "st-legacy", options: { omit: ["pyproject.toml"] } }, "fastmath"], [], "required");
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

test("metadata by prepare_metadata_for_build_wheel where the backend has it, else by a build; no wheel is kept", async () => {
  const cacheDir = path.join(work.dir, "cache");
  const result = await lock({ requirements: ["st-legacy", "fastmath"], output: path.join(work.dir, "requirements.txt"), cacheDir, env: cleanEnv(), cwd: work.dir, index: { indexUrl: index.server.url } });
  assert.deepEqual(result.pins.map((p) => `${p.name}==${p.version}`), ["fastmath==0.1.0", "st-legacy==0.3.0"]);
  const legacy = await readFile(path.join(cacheDir, "logs-v1", "st-legacy-0.3.0-metadata.log"), "utf8");
  assert.match(legacy, /^pyvendor: prepare_metadata_for_build_wheel: st_legacy-0\.3\.0\.dist-info$/m);
  assert.doesNotMatch(legacy, /bdist_wheel/, "no wheel was built");
  const fastmath = await readFile(path.join(cacheDir, "logs-v1", "fastmath-0.1.0-metadata.log"), "utf8");
  assert.doesNotMatch(fastmath, /prepare_metadata_for_build_wheel:/);
  const kept = existsSync(path.join(cacheDir, "wheels-v1")) ? await readdir(path.join(cacheDir, "wheels-v1"), { recursive: true }) : [];
  assert.deepEqual(kept.filter((f) => f.endsWith(".whl")), [], "lock keeps no wheel");
});
