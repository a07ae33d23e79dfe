// Output modes: a live display on a terminal (under a pseudo-terminal via `script`), plain lines otherwise.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { cliPath, fixturesDir } from "../helpers/paths.js";

const ESC = "\u001b[";

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

describe("terminal and non-terminal output", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  const packArgs = (out: string) => ["pack", "-r", path.join(fixturesDir, "requirements", "demo.txt"), "--index-url", index.server.url, "-o", out];

  it("on a terminal: progress bars render, the cursor comes back, and the summary follows", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-tty"), TERM: "xterm-256color", COLUMNS: "120" });
    const command = [process.execPath, cliPath, ...packArgs(path.join(work.dir, "tty-bundle"))].map(shellQuote).join(" ");
    const res = await runProcess("script", ["-qec", command, "/dev/null"], { env });
    assert.equal(res.code, 0, res.stdout);
    const out = res.stdout;
    assert.ok(out.includes(`${ESC}?25l`), "the cursor is hidden while bars are drawn");
    assert.match(out, /[█░]{4,}/, "a progress bar was drawn");
    const shown = out.lastIndexOf(`${ESC}?25h`);
    assert.ok(shown > 0, "the cursor is shown again");
    assert.ok(out.indexOf("packed 4 packages", shown) > shown, "the summary comes after the display ended");
  });

  it("not on a terminal: plain lines, no escape codes, summary on stdout", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-plain"), FORCE_COLOR: undefined });
    const res = await runCli(packArgs(path.join(work.dir, "plain-bundle")), { env });
    assert.equal(res.code, 0, res.stderr);
    assert.ok(!res.stdout.includes("\u001b") && !res.stderr.includes("\u001b"), "no escape codes when not a terminal");
    assert.match(res.stderr, /^downloaded hello_cli-1\.0\.0\.tar\.gz \(/m);
    assert.match(res.stderr, /^built fastmath-0\.1\.0-cp311-cp311-linux_x86_64\.whl in /m);
    assert.match(res.stdout, /^packed 4 packages \(4 wheels\)/m);
  });

  it("-v adds each build's output, the download URLs, cache hits and phase times to the plain lines", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-verbose"), FORCE_COLOR: undefined });
    const quiet = await runCli(packArgs(path.join(work.dir, "plain-quiet-bundle")), { env });
    assert.equal(quiet.code, 0, quiet.stderr);
    const res = await runCli(["-v", ...packArgs(path.join(work.dir, "verbose-bundle"))], { env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-verbose-2"), FORCE_COLOR: undefined }) });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /^GET http:\/\/127\.0\.0\.1:\d+\/.*hello_cli-1\.0\.0\.tar\.gz/m);
    assert.match(res.stderr, /^fastmath 0\.1\.0: pyvendor: building fastmath 0\.1\.0 from fastmath-0\.1\.0\.tar\.gz/m);
    assert.match(res.stderr, /^build: \d/m);
    assert.ok(res.stderr.split("\n").length > quiet.stderr.split("\n").length + 10, "-v prints more than the default");
    const again = await runCli(["-v", ...packArgs(path.join(work.dir, "verbose-bundle"))], { env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-verbose-2"), FORCE_COLOR: undefined }) });
    assert.match(again.stderr, /^from the cache: hello_cli-1\.0\.0\.tar\.gz/m);
  });

  it("--json: one JSON document on stdout with the same information", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-plain") });
    const res = await runCli(["--json", ...packArgs(path.join(work.dir, "json-bundle"))], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stderr, "");
    const doc = JSON.parse(res.stdout) as { ok: boolean; command: string; result: { packages: unknown[]; bundleId: string }; durationMs: number };
    assert.equal(doc.ok, true);
    assert.equal(doc.command, "pack");
    assert.equal(doc.result.packages.length, 4);
    assert.match(doc.result.bundleId, /^sha256:[0-9a-f]{64}$/);
  });

  it("-q prints only the result", async () => {
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache-plain") });
    const res = await runCli(["-q", ...packArgs(path.join(work.dir, "quiet-bundle"))], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stderr, "");
    assert.match(res.stdout, /^packed 4 packages/m);
  });
});
