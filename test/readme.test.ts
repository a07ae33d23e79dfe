// The README's commands, run in order against our fixture index: the README cannot drift from the tool.
import assert from "node:assert/strict";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess } from "./helpers/cli.js";
import { cleanEnv, tempDir } from "./helpers/env.js";
import { startFixtureIndex, WALKTHROUGH_PACKAGES, type FixtureIndex } from "./helpers/fixture-index.js";
import { cliPath, fixturesDir, repoRoot } from "./helpers/paths.js";

interface Block {
  lang: string;
  code: string;
  skip: boolean;
  line: number;
}

/** Fenced code blocks of the README; a `<!-- readme-test: skip ... -->` line right before one skips it. */
function readmeBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    const before = lines.slice(Math.max(0, start - 2), start).join("\n");
    blocks.push({ lang: open[1] ?? "", code: body.join("\n"), skip: before.includes("readme-test: skip"), line: start + 1 });
  }
  return blocks;
}

describe("README", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let blocks: Block[];
  let env: NodeJS.ProcessEnv;
  const outputs: string[] = [];

  before(async () => {
    blocks = readmeBlocks(await readFile(path.join(repoRoot, "README.md"), "utf8"));
    work = await tempDir("pyvendor-readme-");
    index = await startFixtureIndex(work.dir, WALKTHROUGH_PACKAGES, [], false);
    const bin = path.join(work.dir, "bin");
    await mkdir(bin);
    await writeFile(path.join(bin, "pyvendor"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    await chmod(path.join(bin, "pyvendor"), 0o755);
    await mkdir(path.join(work.dir, "ws"));
    await copyFile(path.join(fixturesDir, "requirements", "demo.txt"), path.join(work.dir, "ws", "requirements.txt"));
    env = cleanEnv({
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      PYVENDOR_INDEX_URL: index.server.url,
      PYVENDOR_CACHE_DIR: path.join(work.dir, "cache"),
      PYVENDOR_NO_CONFIG: "1",
      GIT_AUTHOR_NAME: "readme",
      GIT_AUTHOR_EMAIL: "readme@example.invalid",
      GIT_COMMITTER_NAME: "readme",
      GIT_COMMITTER_EMAIL: "readme@example.invalid",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: path.join(work.dir, "home"),
    });
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("runs every sh block in order, each exiting 0", async () => {
    const runnable = blocks.filter((b) => b.lang === "sh" && !b.skip);
    assert.ok(runnable.length >= 8, `only ${runnable.length} runnable blocks`);
    for (const block of runnable) {
      const script = block.code.replaceAll("/srv/app", path.join(work.dir, "srv", "app"));
      const res = await runProcess("bash", ["-euo", "pipefail", "-c", script], { env, cwd: path.join(work.dir, "ws") });
      assert.equal(res.code, 0, `README.md:${block.line} failed:\n${script}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
      outputs.push(res.stdout);
    }
  });

  it("the git walkthrough changes exactly hello-cli's wheel, the manifest and the lock files", () => {
    const status = outputs.find((o) => o.includes("vendor/python/manifest.json"));
    assert.ok(status, "the git status block ran");
    const changed = status
      .split("\n")
      .filter((l) => /^.. vendor\//.test(l))
      .map((l) => l.slice(3))
      .sort();
    assert.deepEqual(changed, [
      "vendor/python/manifest.json",
      "vendor/python/pylock.toml",
      "vendor/python/requirements.lock",
      "vendor/python/wheels/hello_cli-1.0.0-py3-none-any.whl",
      "vendor/python/wheels/hello_cli-1.1.0-py3-none-any.whl",
    ]);
  });

  it("the TypeScript example type-checks against the library's types", async () => {
    const ts = blocks.filter((b) => b.lang === "ts");
    assert.equal(ts.length, 1);
    const dir = await mkdtemp(path.join(repoRoot, ".readme-check-"));
    try {
      await writeFile(path.join(dir, "example.ts"), ts[0]?.code ?? "");
      await writeFile(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", types: ["node"], noEmit: true, skipLibCheck: true }, files: ["example.ts"] }),
      );
      const res = await runProcess(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { env: cleanEnv(), cwd: dir });
      assert.equal(res.code, 0, res.stdout + res.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
