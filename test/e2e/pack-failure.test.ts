// End to end: a build that needs a missing system header fails with the Debian package to install; the others build, are cached, and are not rebuilt.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

describe("a build that needs a missing system package", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let failed: { code: number | null; stdout: string; stderr: string };
  const requirements = () => path.join(work.dir, "requirements.txt");

  before(async () => {
    work = await tempDir();
    // needs-snappy includes <snappy-c.h> from libsnappy-dev, which this machine must not have.
    const dpkg = await runProcess("dpkg", ["-s", "libsnappy-dev"], { env: cleanEnv() }).catch(() => ({ code: 1 }));
    assert.notEqual(dpkg.code, 0, "libsnappy-dev is installed here: this test needs a machine without it");
    assert.ok(!existsSync("/usr/include/snappy-c.h"), "snappy-c.h is installed here");
    index = await startFixtureIndex(work.dir, ["hello-cli", "fastmath", "needs-snappy"], [], false);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
    await writeFile(requirements(), "hello-cli==1.0.0\nneeds-snappy==1.0.0\nfastmath==0.1.0\n");
    failed = await runCli(["pack", "-r", requirements(), "--index-url", index.server.url, "-o", path.join(work.dir, "bundle")], { env });
  });

  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("fails with E_BUILDS_FAILED naming the header, the package and the exact install command", () => {
    assert.equal(failed.code, 1);
    const err = failed.stderr;
    assert.match(err, /^error: 1 package failed to build: \[E_BUILDS_FAILED\]$/m);
    assert.match(err, /^ {2}needs-snappy 1\.0\.0 for cp311-cp311-linux_x86_64: the C header snappy-c\.h \(libsnappy-dev\) is not installed \[E_BUILD_MISSING_SYSTEM_PACKAGE\]$/m);
    assert.match(err, /^hint: Install the missing system packages with: sudo apt-get install libsnappy-dev, then pack again \(the 2 wheel\(s\) that did build are cached\)\.$/m);
    assert.match(err, /fatal error: snappy-c\.h: No such file or directory/, "the log's last lines are shown");
    const log = /full log: (\S+)/.exec(err)?.[1];
    assert.ok(log && existsSync(log), "the full log's path is shown and exists");
    assert.ok(!existsSync(path.join(work.dir, "bundle")), "no bundle is written");
  });

  it("the other packages were built and cached: the next pack does not rebuild them", async () => {
    await writeFile(requirements(), "hello-cli==1.0.0\nfastmath==0.1.0\n");
    const res = await runCli(["pack", "-r", requirements(), "--index-url", index.server.url, "-o", path.join(work.dir, "bundle"), "--json"], { env });
    assert.equal(res.code, 0, res.stderr);
    const stats = (JSON.parse(res.stdout) as { result: { stats: { built: number; buildsCached: number } } }).result.stats;
    assert.deepEqual([stats.built, stats.buildsCached], [0, 2]);
  });
});
