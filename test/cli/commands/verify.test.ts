import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Manifest } from "../../../src/bundle/manifest.js";
import { runCli } from "../../helpers/cli.js";
import { cleanEnv, tempDir } from "../../helpers/env.js";
import { writeHostileBundle } from "../../helpers/hostile-bundle.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir();
});
after(() => work.cleanup());

test("verify names a tampered file's two hashes once each", async () => {
  const bundle = await writeHostileBundle({ form: "dir", dir: path.join(work.dir, "b"), wheels: [{ name: "tiny", version: "1.0", files: [{ path: "tiny/__init__.py", data: "X = 1\n" }] }] });
  const manifest = JSON.parse(await readFile(path.join(bundle, "manifest.json"), "utf8")) as Manifest;
  const wheel = manifest.packages[0]?.wheels[0];
  assert.ok(wheel);
  const file = path.join(bundle, "wheels", wheel.filename);
  const bytes = await readFile(file);
  bytes[bytes.length - 1] ^= 0xff;
  await writeFile(file, bytes);
  const res = await runCli(["verify", bundle], { env: cleanEnv() });
  assert.equal(res.code, 1, res.stdout + res.stderr);
  assert.match(res.stdout, /E_HASH_MISMATCH/);
  assert.equal(res.stdout.split(wheel.sha256).length - 1, 1, `the manifest's sha256 once:\n${res.stdout}`);
});
