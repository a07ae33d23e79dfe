// pack --check-reproducible: every sdist is built twice; a build that differs fails, naming its files; nothing is written.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

// A setup.py that writes a random stamp into the package at every build, as some real ones write
// a build time or a host name.
const RANDOM_SETUP = `import os
from setuptools import setup

with open(os.path.join("st_modern", "_stamp.py"), "w") as f:
    f.write("STAMP = %r\\n" % os.urandom(8).hex())
setup()
`;

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
before(async () => {
  work = await tempDir("pyvendor-check-repro-");
  index = await startFixtureIndex(work.dir, ["hello-cli", { package: "st-modern", options: { extraFiles: { "setup.py": RANDOM_SETUP } } }], [], "required");
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

test("reproducible builds pass the check, cached or not; a build with a random stamp fails it, naming the file, and no bundle is written", { timeout: 300_000 }, async () => {
  const env = cleanEnv();
  const cache = path.join(work.dir, "cache");
  const pack = (output: string, ...specs: string[]) =>
    runCli(["pack", ...specs, "-i", index.server.url, "--cache-dir", cache, "--check-reproducible", "--json", "-o", path.join(work.dir, output)], { env });

  for (const round of ["built", "cached"]) {
    const ok = await pack(`good-${round}`, "hello-cli==1.0.0");
    assert.equal(ok.code, 0, `${round}: ${ok.stdout}${ok.stderr}`);
    const stats = (JSON.parse(ok.stdout) as { result: { stats: { built: number; buildsCached: number } } }).result.stats;
    assert.deepEqual([stats.built, stats.buildsCached], round === "built" ? [1, 0] : [0, 1]);
  }

  const bad = await pack("bad", "st-modern==2.0.0", "hello-cli==1.0.0");
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  const { error } = JSON.parse(bad.stdout) as { error: { code: string; message: string; data: { failed: { project: string; code?: string }[] } } };
  assert.equal(error.code, "E_BUILDS_FAILED");
  assert.match(error.message, /st-modern 2\.0\.0 for .*: a second build .*st_modern\/_stamp\.py \(content\)/);
  assert.match(error.message, /\[E_BUILD_NOT_REPRODUCIBLE\]/);
  assert.ok(!existsSync(path.join(work.dir, "bad")), "nothing is written");

  const unchecked = await runCli(["pack", "st-modern==2.0.0", "hello-cli==1.0.0", "-i", index.server.url, "--cache-dir", cache, "-o", path.join(work.dir, "unchecked")], { env });
  assert.equal(unchecked.code, 0, "without the check the same pack succeeds");
});
