// Process environments and temp dirs for tests: no PIP_* leakage, no user config, no network.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * A copy of process.env without any PIP_* or PYVENDOR_* variable, with pip's config file
 * disabled, so that child processes see only what the test gives them.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("PIP_") || key.startsWith("PYVENDOR_")) continue;
    if (/^(https?|no|all)_proxy$/i.test(key)) continue;
    env[key] = value;
  }
  env.PIP_CONFIG_FILE = "/dev/null";
  env.PIP_NO_INPUT = "1";
  env.PIP_DISABLE_PIP_VERSION_CHECK = "1";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Makes a fresh temporary directory; `cleanup()` removes it. */
export async function tempDir(prefix = "pyvendor-test-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
