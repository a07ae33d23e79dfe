// `pyvendor lock` as a user runs it: the lock file, its summary, --json, and a conflict's explanation.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../../helpers/cli.js";
import { cleanEnv, tempDir } from "../../helpers/env.js";
import type { IndexServer } from "../../helpers/index-server.js";
import { startTinyIndex } from "../../helpers/tiny-index.js";

let work: { dir: string; cleanup: () => Promise<void> };
let index: IndexServer;

before(async () => {
  work = await tempDir("pyvendor-lock-cli-");
  ({ server: index } = await startTinyIndex(path.join(work.dir, "dists"), [
    { name: "web", version: "1.0", dependencies: ["util>=2"] },
    { name: "util", version: "1.0" },
    { name: "util", version: "2.0" },
    { name: "legacy", version: "1.0", dependencies: ["util<2"] },
  ]));
});
after(async () => {
  await index?.stop();
  await work?.cleanup();
});

test("pyvendor lock -r requirements.in -o requirements.txt writes the pins with hashes and says what it did", async () => {
  const dir = path.join(work.dir, "app");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "requirements.in"), "web\n");
  const args = ["lock", "-r", "requirements.in", "-o", "requirements.txt", "--index-url", index.url, "--cache-dir", path.join(dir, "cache")];
  const first = await runCli(args, { env: cleanEnv(), cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^locked 2 packages for cp3\d+-cp3\d+-\S+ in requirements\.txt$/m);
  const text = await readFile(path.join(dir, "requirements.txt"), "utf8");
  assert.match(text, new RegExp(`^#    pyvendor lock -r requirements\\.in -o requirements\\.txt --index-url ${index.url.replace(/[.]/g, "\\.")} --cache-dir `, "m"));
  assert.match(text, /^util==2\.0 \\\n    --hash=sha256:[0-9a-f]{64}\n    # via web\nweb==1\.0 \\\n    --hash=sha256:[0-9a-f]{64}\n    # via -r requirements\.in\n$/m);
  const again = await runCli(["--json", ...args], { env: cleanEnv(), cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  const doc = JSON.parse(again.stdout) as { ok: boolean; result: { changed: boolean; pins: { name: string; version: string }[] } };
  assert.equal(doc.result.changed, false);
  assert.deepEqual(doc.result.pins.map((p) => `${p.name}==${p.version}`), ["util==2.0", "web==1.0"]);
});

test("no versions fit: exit 1, E_RESOLUTION_IMPOSSIBLE with the explanation, no file written", async () => {
  const dir = path.join(work.dir, "conflict");
  await mkdir(dir, { recursive: true });
  const result = await runCli(["lock", "web", "legacy", "-o", "out.txt", "--index-url", index.url, "--cache-dir", path.join(dir, "cache")], { env: cleanEnv(), cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /E_RESOLUTION_IMPOSSIBLE/);
  assert.match(result.stderr, /Because legacy==1\.0 depends on util<2 and web==1\.0 depends on util>=2, legacy==1\.0 and web==1\.0 are incompatible\./);
  await assert.rejects(readFile(path.join(dir, "out.txt")), { code: "ENOENT" });
});
