// Byte-reproducible native builds: two packs with different caches, working directories, umask and time zone, a minute apart, give the same bundle.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCliWithUmask } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { MIRROR_FILES_DIR, startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { bundleDifferences, fileHashes } from "../helpers/venv-tree.js";

/** The Cython wheel for CPython 3.11 from the machine's wheel mirror; the test fails without it. */
function cythonWheel(): string {
  const found = existsSync(MIRROR_FILES_DIR) ? readdirSync(MIRROR_FILES_DIR).filter((f) => /^cython-3\.[\d.]+-cp311-cp311-.*manylinux.*x86_64.*\.whl$/i.test(f)) : [];
  const newest = found.sort().at(-1);
  if (!newest) throw new Error(`No Cython 3 wheel for CPython 3.11 in ${MIRROR_FILES_DIR}: the reproducible-build test needs one`);
  return path.join(MIRROR_FILES_DIR, newest);
}

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
before(async () => {
  work = await tempDir("pyvendor-repro-");
  index = await startFixtureIndex(work.dir, ["fastmath", "cy-speedups"], [cythonWheel()], "required");
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("fastmath (C) and cy-speedups (setuptools + Cython), packed twice by each frontend with nothing shared, a minute apart: byte-identical bundles", { timeout: 400_000 }, async () => {
  const runs = [
    { name: "a", umask: "0077", tz: "America/New_York", cache: "cache-a", cwd: "work-a" },
    { name: "b", umask: "0002", tz: "Asia/Tokyo", cache: "a/much/longer/cache/path-b", cwd: "elsewhere/work-b" },
  ];
  const frontends = ["pyvendor", "pip"];
  const started: number[] = [];
  for (const run of runs) {
    if (started.length > 0) await sleep(Math.max(0, (started[0] as number) + 61_000 - Date.now()));
    started.push(Date.now());
    const cwd = path.join(work.dir, run.cwd);
    await mkdir(cwd, { recursive: true });
    for (const frontend of frontends) {
      const args = ["pack", "fastmath==0.1.0", "cy-speedups==1.0.0", "--python", "3.11", "-i", index.server.url, "--build-frontend", frontend];
      args.push("--cache-dir", path.join(work.dir, run.cache, frontend), "-o", path.join(work.dir, `bundle-${run.name}-${frontend}`));
      const res = await runCliWithUmask(args, run.umask, { env: cleanEnv({ TZ: run.tz, SOURCE_DATE_EPOCH: undefined }), cwd });
      assert.equal(res.code, 0, `${frontend}: ${res.stdout}${res.stderr}`);
    }
  }
  for (const frontend of frontends) {
    const a = [...(await fileHashes(path.join(work.dir, `bundle-a-${frontend}`))).keys()];
    assert.ok(a.some((f) => f.startsWith("wheels/cy_speedups-1.0.0-cp311-cp311-")), a.join("\n"));
    assert.ok(a.some((f) => f.startsWith("wheels/fastmath-0.1.0-cp311-cp311-")), a.join("\n"));
    assert.deepEqual(await bundleDifferences(path.join(work.dir, `bundle-a-${frontend}`), path.join(work.dir, `bundle-b-${frontend}`)), [], frontend);
  }
});
