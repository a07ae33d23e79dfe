// `npm run index` serves the README walkthroughs' fixture index until Ctrl-C; hello-cli 1.1.0 from it reports 1.1.0.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCli, runProcess } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { repoRoot } from "../helpers/paths.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-walkthrough-index-");
});
after(async () => {
  await work?.cleanup();
});

test("npm run index serves hello-cli 1.0.0 and 1.1.0 until SIGINT; 1.1.0 installs and says it is 1.1.0", { timeout: 180_000 }, async () => {
  const child = spawn(process.execPath, [path.join(repoRoot, "dist", "demo", "index.js"), "--port", "0"], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      const m = /^index: (\S+)$/m.exec(stdout);
      if (m && stdout.includes("Ctrl-C stops the index.")) resolve(m[1] as string);
    });
    void exited.then((code) => reject(new Error(`npm run index exited (${code}) before serving:\n${stderr}`)));
  });
  assert.match(stdout, /export PYVENDOR_INDEX_URL=http:\/\/127\.0\.0\.1:\d+\/simple\//);
  const page = await (await fetch(`${url}hello-cli/`, { headers: { accept: "text/html" } })).text();
  assert.match(page, /hello_cli-1\.0\.0\.tar\.gz/);
  assert.match(page, /hello_cli-1\.1\.0\.tar\.gz/);

  const req = path.join(work.dir, "requirements.txt");
  await writeFile(req, "hello-cli==1.1.0\n");
  const env = cleanEnv({ PYVENDOR_INDEX_URL: url, PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
  const packed = await runCli(["pack", "-r", req, "-o", path.join(work.dir, "bundle")], { env });
  assert.equal(packed.code, 0, packed.stderr);
  const venv = path.join(work.dir, "venv");
  const installed = await runCli(["install", path.join(work.dir, "bundle"), "--venv", venv], { env });
  assert.equal(installed.code, 0, installed.stderr);
  const version = await runProcess(path.join(venv, "bin", "hello"), ["--version"], { env });
  assert.equal(version.stdout.trim(), "hello-cli 1.1.0");

  child.kill("SIGINT");
  assert.equal(await exited, 0, stderr);
  assert.match(stdout, /stopped after \d+ requests/);
});
