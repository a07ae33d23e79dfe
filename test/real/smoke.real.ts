// The real-corpus suite starts here: the cached corpus is served and our index client finds real projects in it.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { createFinder } from "../../src/package-index/finder.js";
import { tempDir } from "../helpers/env.js";
import { recorder, testCache, testSettings } from "../helpers/tiny-index.js";
import type { SdistEntry } from "./corpus/list.js";
import { serveCorpus, type ServedCorpus } from "./corpus/serve-corpus.js";

let work: { dir: string; cleanup: () => Promise<void> };
let corpus: ServedCorpus;

before(async () => {
  work = await tempDir("pyvendor-real-");
  corpus = await serveCorpus(); // throws "run `npm run corpus` first" when the cache lacks a file
});
after(async () => {
  await corpus?.stop();
  await work?.cleanup();
});

function listed(filename: string): SdistEntry {
  const entry = corpus.entries.find((e): e is SdistEntry => e.kind === "sdist" && e.filename === filename);
  assert.ok(entry, `${filename} is in corpus/real-sdists.tsv`);
  return entry;
}

async function finder() {
  const cache = await testCache(path.join(work.dir, `c${Math.random().toString(36).slice(2)}`));
  return createFinder(testSettings({ indexUrl: corpus.url }), { cache, events: recorder().sink, pythonVersions: ["3.11.7"] });
}

const cases = [
  { what: "in-tree symlinks, .tar.xz", project: "docutils", version: "0.23", filename: "docutils-0.23.tar.xz" },
  { what: "a C extension", project: "MarkupSafe", version: "3.0.3", filename: "markupsafe-3.0.3.tar.gz" },
  { what: "a C extension, legacy setup.py", project: "markupsafe", version: "2.1.5", filename: "MarkupSafe-2.1.5.tar.gz" },
  { what: ".tar.xz, hatchling", project: "wcwidth", version: "0.8.3", filename: "wcwidth-0.8.3.tar.xz" },
];

for (const c of cases) {
  test(`our index client finds ${c.project} ${c.version} (${c.what}) with the list's file and sha256`, async () => {
    const entry = listed(c.filename);
    const files = await (await finder()).findRelease(c.project, c.version, { exact: true });
    assert.deepEqual(
      files.map((f) => ({ filename: f.filename, kind: f.kind, sha256: f.hashes.sha256, requiresPython: f.requiresPython })),
      [{ filename: entry.filename, kind: "sdist", sha256: entry.sha256, requiresPython: entry.requiresPython }],
    );
  });
}

test("the index lists both MarkupSafe releases and the build-backend wheels", async () => {
  const f = await finder();
  assert.deepEqual((await f.listFiles("markupsafe")).map((x) => x.filename).sort(), ["MarkupSafe-2.1.5.tar.gz", "markupsafe-3.0.3.tar.gz"]);
  const flit = await f.listFiles("flit-core");
  assert.deepEqual(flit.map((x) => x.filename), ["flit_core-3.12.0-py3-none-any.whl"]);
});
