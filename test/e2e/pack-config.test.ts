// `pyvendor pack` with no arguments in a project whose pyproject.toml has [tool.pyvendor].
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { fixturesDir } from "../helpers/paths.js";

describe("pack configured by [tool.pyvendor]", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let project: string;
  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
    project = path.join(work.dir, "project");
    await mkdir(path.join(project, "src"), { recursive: true });
    await copyFile(path.join(fixturesDir, "requirements", "demo.txt"), path.join(project, "requirements.txt"));
    await writeFile(
      path.join(project, "pyproject.toml"),
      `[project]\nname = "app"\nversion = "1.0"\n\n[tool.pyvendor]\nrequirements = ["requirements.txt"]\noutput = "vendor/python"\nindex-url = "${index.server.url}"\nname = "app"\n`,
    );
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("reads requirements, output, index and name from the project file, from a subdirectory too", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
    const res = await runCli(["--json", "pack"], { env, cwd: path.join(project, "src") });
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout) as { result: { output: string; packages: unknown[] } };
    assert.equal(doc.result.output, path.join(project, "vendor", "python"));
    assert.equal(doc.result.packages.length, 4);
    assert.ok(existsSync(path.join(project, "vendor", "python", "manifest.json")));
  });

  it("lets the environment override the file (PIP_INDEX_URL beats index-url)", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-2"), PIP_INDEX_URL: "http://127.0.0.1:9/simple/", PYVENDOR_RETRIES: "0" });
    const res = await runCli(["pack", "-o", path.join(work.dir, "other")], { env, cwd: project });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /127\.0\.0\.1:9.*\[E_INDEX_UNREACHABLE\]/);
  });
});
