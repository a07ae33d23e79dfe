// Bad inputs to `pyvendor pack` through the real CLI: each has its code and hint, and no bundle is left.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";

describe("pack refuses bad input clearly and leaves nothing behind", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let n = 0;

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, ["hello-cli"], [], false);
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
  });
  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  /** Packs `lines` as a requirements file; returns the result and the output path (never created). */
  async function pack(lines: string[], extra: string[] = [], indexUrl = index.server.url) {
    const req = path.join(work.dir, `req-${++n}.txt`);
    await writeFile(req, `${lines.join("\n")}\n`);
    const out = path.join(work.dir, `bundle-${n}`);
    const res = await runCli(["pack", "-r", req, "--index-url", indexUrl, "-o", out, ...extra], { env });
    assert.equal(existsSync(out), false, "a failed pack must not leave a bundle");
    return res;
  }

  it("a missing requirements file: E_REQUIREMENTS_NOT_FOUND", async () => {
    const res = await runCli(["pack", "-r", path.join(work.dir, "nope.txt"), "--index-url", index.server.url, "-o", path.join(work.dir, "x")], { env });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /error: .*nope\.txt.* \[E_REQUIREMENTS_NOT_FOUND\]/);
    assert.match(res.stderr, /^hint: /m);
  });

  it("an unpinned line with --strict: E_UNPINNED_REQUIREMENT naming the file and line, the hint saying why it was not resolved", async () => {
    const res = await pack(["hello-cli==1.0.0", "greeter>=1.0"], ["--strict"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_UNPINNED_REQUIREMENT\]/);
    assert.match(res.stderr, /req-\d+\.txt:2/);
    assert.match(res.stderr, /^hint: pack resolves loose requirements, but not here: --strict packs pinned requirements only\./m);
  });

  it("a loose line with --hash is not resolved (pip's hash-checking mode): E_UNPINNED_REQUIREMENT", async () => {
    const res = await pack([`hello-cli>=1 --hash=sha256:${"0".repeat(64)}`]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_UNPINNED_REQUIREMENT\]/);
    assert.match(res.stderr, /req-\d+\.txt:1: hello-cli>=1 must be pinned with == when hashes are checked/);
  });

  it("a loose requirement the index cannot satisfy: E_RESOLUTION_IMPOSSIBLE with the explanation", async () => {
    const res = await pack(["hello-cli>=5"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_RESOLUTION_IMPOSSIBLE\]/);
    assert.match(res.stderr, /hello-cli/);
  });

  it("a package the index does not have: E_PACKAGE_NOT_FOUND naming the index", async () => {
    const res = await pack(["no-such-package==1.0"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_PACKAGE_NOT_FOUND\]/);
    assert.match(res.stderr, /127\.0\.0\.1/);
  });

  it("a version the index does not have: E_VERSION_NOT_FOUND", async () => {
    const res = await pack(["hello-cli==9.9.9"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_VERSION_NOT_FOUND\]/);
  });

  it("an index that is down: E_INDEX_UNREACHABLE", async () => {
    const res = await pack(["hello-cli==1.0.0"], ["--retries", "0"], "http://127.0.0.1:9/simple/");
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_INDEX_UNREACHABLE\]/);
  });

  it("a --hash that does not match: E_HASH_MISMATCH with expected and actual", async () => {
    const wrong = "0".repeat(64);
    const res = await pack([`hello-cli==1.0.0 --hash=sha256:${wrong}`]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_HASH_MISMATCH\]/);
    assert.ok(res.stderr.includes(wrong), "the expected hash is named");
  });

  it("an editable line: E_EDITABLE_REQUIREMENT", async () => {
    const res = await pack(["-e ./src/app"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_EDITABLE_REQUIREMENT\]/);
  });

  it("--json reports the error as one document with the code", async () => {
    const req = path.join(work.dir, "json.txt");
    await writeFile(req, "no-such-package==1.0\n");
    const res = await runCli(["--json", "pack", "-r", req, "--index-url", index.server.url, "-o", path.join(work.dir, "j")], { env });
    assert.equal(res.code, 1);
    const doc = JSON.parse(res.stdout) as { ok: boolean; command: string; error: { code: string; hint?: string } };
    assert.equal(doc.ok, false);
    assert.equal(doc.command, "pack");
    assert.equal(doc.error.code, "E_PACKAGE_NOT_FOUND");
    assert.ok(doc.error.hint);
  });
});
