// Real C and Cython sdists packed twice, with nothing shared, under another umask and time zone, a minute apart: byte-identical bundles.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCliWithUmask } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { bundleDifferences, fileHashes } from "../helpers/venv-tree.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

/** The list: a C extension each (PyYAML's through Cython, cffi's against libffi). */
const PINS = ["MarkupSafe==3.0.3", "PyYAML==6.0.2", "crcmod==1.7", "netifaces==0.11.0", "cffi==1.15.1"];

let work: { dir: string; cleanup: () => Promise<void> };
let corpus: ServedCorpus;
before(async () => {
  work = await tempDir("pyvendor-real-repro-");
  corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
});
after(async () => {
  await corpus?.stop();
  await work?.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("MarkupSafe, PyYAML (Cython), crcmod, netifaces and cffi, packed twice with nothing shared: byte-identical bundles", { timeout: 1_800_000 }, async () => {
  const runs = [
    { name: "a", umask: "0077", tz: "America/New_York", cache: "cache-a", cwd: "work-a" },
    { name: "b", umask: "0002", tz: "Asia/Tokyo", cache: "a/much/longer/cache/path-b", cwd: "elsewhere/work-b" },
  ];
  let firstStart = 0;
  for (const run of runs) {
    if (firstStart > 0) await sleep(Math.max(0, firstStart + 61_000 - Date.now()));
    firstStart ||= Date.now();
    const cwd = path.join(work.dir, run.cwd);
    await mkdir(cwd, { recursive: true });
    const args = ["pack", ...PINS, "--python", "3.11", "-i", corpus.url, "--cache-dir", path.join(work.dir, run.cache), "-o", path.join(work.dir, `bundle-${run.name}`)];
    const res = await runCliWithUmask(args, run.umask, { env: cleanEnv({ TZ: run.tz, SOURCE_DATE_EPOCH: undefined }), cwd });
    assert.equal(res.code, 0, res.stdout + res.stderr);
  }
  assert.deepEqual(await bundleDifferences(path.join(work.dir, "bundle-a"), path.join(work.dir, "bundle-b")), []);
  const a = await fileHashes(path.join(work.dir, "bundle-a"));
  assert.equal([...a.keys()].filter((f) => f.startsWith("wheels/") && f.includes("-cp311-cp311-")).length, PINS.length, "each is a compiled wheel");
});
