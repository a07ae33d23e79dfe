// A bundle's id and diff depend on content only: the same pins from two index URLs are the same bundle; 1.0 bundles keep working.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { MANIFEST_FORMAT, type Manifest } from "../../src/bundle/manifest.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { installRelease } from "../../src/install/release.js";
import { pack } from "../../src/pack/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { writeHostileBundle } from "../helpers/hostile-bundle.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: FixtureIndex;
before(async () => {
  work = await tempDir("pyvendor-content-id-");
  index = await startFixtureIndex(work.dir, ["hello-cli"], [], false);
});
after(async () => {
  await index?.server.stop();
  await work?.cleanup();
});

const manifestOf = async (bundle: string) => JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;

test("the same pins packed from http://127.0.0.1:PORT and http://localhost:PORT have one id, and diff exits 0", async () => {
  const urls = [index.server.url, index.server.url.replace("127.0.0.1", "localhost")];
  const bundles: string[] = [];
  for (const [i, indexUrl] of urls.entries()) {
    const output = path.join(work.dir, `bundle-${i}`);
    // A cache each: both really download, each from its own URL.
    await pack({ requirements: ["hello-cli==1.0.0"], output, cacheDir: path.join(work.dir, `cache-${i}`), env: cleanEnv(), index: { indexUrl } });
    bundles.push(output);
  }
  const [a, b] = await Promise.all(bundles.map(manifestOf)) as [Manifest, Manifest];
  assert.equal(a.format, MANIFEST_FORMAT);
  assert.notEqual(a.packages[0]?.source?.url, b.packages[0]?.source?.url, "the manifests keep where each came from");
  assert.equal(a.id, b.id);
  const diff = await runCli(["diff", ...bundles], { env: cleanEnv() });
  assert.equal(diff.code, 0, diff.stdout + diff.stderr);
});

test("a 1.0 bundle (URLs in its id) written by today's writer verifies, installs as a release, and reuses it", async () => {
  const bundle = await writeHostileBundle({ form: "dir", dir: path.join(work.dir, "old"), wheels: [{ name: "oldie", version: "1.0", files: [{ path: "oldie/__init__.py", data: "" }] }] });
  const manifest = await manifestOf(bundle);
  assert.equal(manifest.format, "1.0.0");
  assert.deepEqual((await verifyBundle(bundle)).problems, []);
  const releases = path.join(work.dir, "releases");
  const options = { bundle, releases, cacheDir: path.join(work.dir, "cache-old"), env: cleanEnv(), wait: false };
  assert.equal((await installRelease(options)).reused, false);
  assert.equal((await installRelease(options)).reused, true);
});
