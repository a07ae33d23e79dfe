// Fixture bundles for the releases tests: hello-cli alone (A, a directory) and with greeter (B, a .tar.gz).
import assert from "node:assert/strict";
import path from "node:path";
import { runCli } from "../helpers/cli.js";
import { cleanEnv } from "../helpers/env.js";
import { startFixtureIndex } from "../helpers/fixture-index.js";

export interface FixtureBundles {
  /** Directory bundle "hello 1": hello-cli 1.0.0 (console script `hello`). */
  a: string;
  /** .tar.gz bundle "hello 2": hello-cli 1.0.0 and greeter 1.0.0. */
  b: string;
  /** Bundle A packed again as a .zip (same manifest body, so the same id), when asked for. */
  aZip?: string;
  /** The environment to run pyvendor with (clean, its own cache under `workDir`). */
  env: NodeJS.ProcessEnv;
}

/** Packs bundles A and B from the fixture index into `workDir` (a few seconds; the index is stopped after). */
export async function packFixtureBundles(workDir: string, options: { zip?: boolean } = {}): Promise<FixtureBundles> {
  const index = await startFixtureIndex(workDir, ["hello-cli", "greeter"], [], false);
  const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(workDir, "cache") });
  try {
    const a = path.join(workDir, "bundle-a");
    const b = path.join(workDir, "bundle-b.tar.gz");
    const common = ["--index-url", index.server.url, "--name", "hello"];
    const packA = await runCli(["pack", "hello-cli==1.0.0", ...common, "--bundle-version", "1", "-o", a], { env });
    assert.equal(packA.code, 0, packA.stderr);
    const packB = await runCli(["pack", "hello-cli==1.0.0", "greeter==1.0.0", ...common, "--bundle-version", "2", "-o", b], { env });
    assert.equal(packB.code, 0, packB.stderr);
    if (!options.zip) return { a, b, env };
    const aZip = path.join(workDir, "bundle-a.zip");
    const packZip = await runCli(["pack", "hello-cli==1.0.0", ...common, "--bundle-version", "1", "-o", aZip], { env });
    assert.equal(packZip.code, 0, packZip.stderr);
    return { a, b, aZip, env };
  } finally {
    await index.server.stop();
  }
}
