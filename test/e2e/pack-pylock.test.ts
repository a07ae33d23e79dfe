// A PEP 751 pylock.toml as pack input: the locked versions, their hashes, local wheel paths.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { fixturesDir } from "../helpers/paths.js";

interface Manifest {
  packages: { name: string; version: string; wheels: { sha256: string; filename: string; origin: string }[] }[];
}

describe("pack -r pylock.toml", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let first: Manifest;
  const bundle1 = () => path.join(work.dir, "b1");

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
    const res = await runCli(["pack", "-r", path.join(fixturesDir, "requirements", "demo.txt"), "--index-url", index.server.url, "-o", bundle1()], { env });
    assert.equal(res.code, 0, res.stderr);
    first = JSON.parse(await readFile(path.join(bundle1(), "manifest.json"), "utf8")) as Manifest;
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("packs the same wheels again from a bundle's own pylock.toml (relative wheel paths), with no index", async () => {
    const out = path.join(work.dir, "b2");
    const res = await runCli(["--json", "pack", "-r", path.join(bundle1(), "pylock.toml"), "--no-index", "-o", out], { env });
    assert.equal(res.code, 0, res.stderr);
    const again = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8")) as Manifest;
    const shas = (m: Manifest) => m.packages.map((p) => `${p.name}==${p.version} ${p.wheels.map((w) => w.sha256).join(",")}`);
    assert.deepEqual(shas(again), shas(first));
  });

  it("fetches a hand-written lock's packages from the index and checks the lock's hashes", async () => {
    const sdists = new Map(index.sdists.map((s) => [s.name, s]));
    const entry = (name: string, version: string) => {
      const s = sdists.get(name)!;
      return `[[packages]]\nname = "${name}"\nversion = "${version}"\nsdist = { name = "${s.filename}", url = "${index.server.origin}/files/${s.filename}", hashes = { sha256 = "${s.sha256}" } }\n`;
    };
    const lock = path.join(work.dir, "pylock.toml");
    await writeFile(lock, `lock-version = "1.0"\ncreated-by = "hand"\nrequires-python = ">=3.8"\n\n${entry("hello-cli", "1.0.0")}\n${entry("fastmath", "0.1.0")}`);
    const res = await runCli(["pack", "-r", lock, "--index-url", index.server.url, "-o", path.join(work.dir, "b3")], { env });
    assert.equal(res.code, 0, res.stderr);
    const m = JSON.parse(await readFile(path.join(work.dir, "b3", "manifest.json"), "utf8")) as Manifest;
    assert.deepEqual(m.packages.map((p) => p.name), ["fastmath", "hello-cli"]);

    const bad = path.join(work.dir, "bad", "pylock.toml");
    await mkdir(path.dirname(bad));
    await writeFile(bad, (await readFile(lock, "utf8")).replace(sdists.get("hello-cli")!.sha256, "0".repeat(64)));
    const refused = await runCli(["pack", "-r", bad, "--index-url", index.server.url, "-o", path.join(work.dir, "b4")], { env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-2") }) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\[E_HASH_MISMATCH\]/);
  });

  it("refuses a lock-version it does not know, and packages locked to a VCS checkout", async () => {
    const v2 = path.join(work.dir, "v2", "pylock.toml");
    await mkdir(path.dirname(v2));
    await writeFile(v2, 'lock-version = "2.0"\ncreated-by = "x"\n');
    const res = await runCli(["pack", "-r", v2, "--index-url", index.server.url, "-o", path.join(work.dir, "b5")], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_PYLOCK_UNSUPPORTED_VERSION\]/);

    const vcs = path.join(work.dir, "vcs", "pylock.toml");
    await mkdir(path.dirname(vcs));
    await writeFile(vcs, 'lock-version = "1.0"\ncreated-by = "x"\n\n[[packages]]\nname = "app"\nvcs = { type = "git", url = "https://example.invalid/app.git", commit-id = "0123456789abcdef0123456789abcdef01234567" }\n');
    const res2 = await runCli(["pack", "-r", vcs, "--index-url", index.server.url, "-o", path.join(work.dir, "b6")], { env });
    assert.equal(res2.code, 1);
    assert.match(res2.stderr, /VCS checkout.*\[E_PYLOCK_INVALID\]/);
  });
});
