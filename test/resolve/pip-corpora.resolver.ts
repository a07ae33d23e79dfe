// The lock against pip's resolver on real packages (`npm run test:resolver`): the fixture corpus and
// the real one (after `npm run corpus`), as loose requirements, served by a test index; pyvendor's
// pins must be pip's (the corpora have about one version per project: this checks the whole path,
// metadata from wheels, static PKG-INFO and builds, not the search, which random graphs test).
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { lock } from "../../src/pack/lock.js";
import { DEMO_PACKAGES, startFixtureIndex } from "../helpers/fixture-index.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { newestPip, pipResolve } from "../helpers/pip-resolution.js";
import type { IndexServer } from "../helpers/index-server.js";
import { serveCorpus } from "../real/corpus/serve-corpus.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-resolver-corpora-");
});
after(async () => {
  await work?.cleanup();
});

async function compare(name: string, server: IndexServer, requirements: string[]): Promise<void> {
  const dir = path.join(work.dir, name);
  await mkdir(dir, { recursive: true });
  const ours = await lock({ requirements, output: path.join(dir, "requirements.txt"), index: { indexUrl: server.url }, cacheDir: path.join(dir, "cache"), cwd: dir, env: cleanEnv() });
  const theirs = await pipResolve({ graph: {}, requirements, constraints: [], pre: false }, server, { python: "python3", pip: newestPip(), dir, timeoutMs: 20 * 60 * 1000 });
  assert.equal(theirs.kind, "solved", theirs.kind === "solved" ? "" : theirs.message);
  const pins = (m: Map<string, string>) => [...m].map(([n, v]) => `${n}==${v}`).sort();
  assert.deepEqual(ours.pins.map((p) => `${p.name}==${p.version}`).sort(), theirs.kind === "solved" ? pins(theirs.pins) : []);
  assert.ok((await readFile(path.join(dir, "requirements.txt"), "utf8")).includes("--hash=sha256:"));
}

test("the fixture corpus: the demo's packages, loose, lock to pip's pins", { timeout: 20 * 60 * 1000 }, async () => {
  const fixtures = await startFixtureIndex(path.join(work.dir, "fixtures"), [...DEMO_PACKAGES]);
  try {
    await compare("fixtures", fixtures.server, [...DEMO_PACKAGES]);
  } finally {
    await fixtures.server.stop();
  }
});

test("the real corpus: every project it serves, loose, locks to pip's pins", { timeout: 40 * 60 * 1000 }, async () => {
  const corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
  try {
    const names = [...new Set(corpus.entries.flatMap((e) => (e.kind === "sdist" && e.pypi ? [e.pypi.split("==")[0] as string] : [])))].sort();
    assert.ok(names.length >= 40, `only ${names.length} projects`);
    await compare("real", corpus.server, names);
  } finally {
    await corpus.stop();
  }
});
