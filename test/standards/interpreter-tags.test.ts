// interpreterTags() equals packaging.tags.sys_tags() inside every Python under ~/.pyenv/versions.
import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { interpreterTags, type TagEnvironment } from "../../src/standards/tags.js";
import { PACKAGING_VERSION, askPackaging, packagingCopy, pythonEnv } from "../helpers/packaging-oracle.js";

const versionsDir = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), ".pyenv"), "versions");

async function pyenvPythons(): Promise<{ version: string; executable: string }[]> {
  let names: string[];
  try {
    names = await readdir(versionsDir);
  } catch {
    return [];
  }
  return names.sort().map((version) => ({ version, executable: path.join(versionsDir, version, "bin", "python") }));
}

const isSupported = (version: string) => {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 8);
};

// inspectPython extends process.env for its child; scrub PIP_* here so the child sees none.
function scrubProcessEnv(): void {
  const clean = pythonEnv();
  for (const key of Object.keys(process.env)) if (key.startsWith("PIP_")) delete process.env[key];
  process.env.PIP_CONFIG_FILE = clean.PIP_CONFIG_FILE;
}

let packagingDir: string;
const pythons = await pyenvPythons();

before(async () => {
  scrubProcessEnv();
  packagingDir = await packagingCopy();
});
after(async () => {
  await rm(packagingDir, { recursive: true, force: true });
});

test("there are pyenv interpreters to compare against", () => {
  assert.ok(pythons.some((p) => isSupported(p.version)), `no Python 3.8+ under ${versionsDir}`);
});

for (const { version, executable } of pythons) {
  if (isSupported(version)) {
    test(`Python ${version}: interpreterTags equals packaging's sys_tags(), order included`, async () => {
      const info = await inspectPython(executable);
      const env: TagEnvironment = info;
      const [info2, answer] = await askPackaging([{ op: "info" }, { op: "sys_tags" }], {
        python: executable,
        env: { PYTHONPATH: packagingDir },
      });
      assert.deepEqual(info2?.ok, { packaging: PACKAGING_VERSION, python: info.version });
      assert.ok(Array.isArray(answer?.ok), `sys_tags failed in ${executable}: ${JSON.stringify(answer)}`);
      const ours = interpreterTags(env);
      assert.ok(ours.length > 100, `only ${ours.length} tags`);
      assert.deepEqual(ours, answer.ok);
    });
  } else {
    test(`Python ${version}: inspectPython refuses it with E_PYTHON_UNSUPPORTED`, async () => {
      await assert.rejects(inspectPython(executable), (err: unknown) => isPyvendorError(err, "E_PYTHON_UNSUPPORTED"));
    });
  }
}
