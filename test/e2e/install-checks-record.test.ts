// The requirement check after install: a set that failed fails again; a set that passed is recorded and not checked again.
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { INSTALLS_CHECKED_BUCKET } from "../../src/cache/passed-checks.js";
import { isPyvendorError } from "../../src/errors.js";
import { installBundle, writeHostileBundle } from "../helpers/hostile-bundle.js";
import { tempDir } from "../helpers/env.js";

const app = (requires: string[]) => ({
  name: "app", version: "1.0", files: [{ path: "app/__init__.py", data: "" }], metadata: requires.map((r) => `Requires-Dist: ${r}`),
});
const lib = { name: "lib", version: "2.0", files: [{ path: "lib/__init__.py", data: "" }] };

test("an unmet requirement fails every install of the set; a set that passed is recorded once, by its key", async () => {
  const work = await tempDir("pyvendor-install-checks-");
  try {
    const cacheDir = path.join(work.dir, "cache");
    const record = async () => (await readdir(path.join(cacheDir, INSTALLS_CHECKED_BUCKET)).catch(() => [])).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const broken = await writeHostileBundle({ wheels: [app(["lib>=3"]), lib], form: "dir", dir: path.join(work.dir, "broken") });
    for (const attempt of [1, 2]) {
      await assert.rejects(
        installBundle({ bundle: broken, mode: "venv", dest: path.join(work.dir, `broken-venv-${attempt}`), cacheDir }),
        (err: unknown) => isPyvendorError(err, "E_REQUIREMENTS_UNSATISFIED") && /app 1\.0 requires lib>=3, but 2\.0 is installed/.test(err.message),
        `attempt ${attempt}`,
      );
    }
    assert.deepEqual(await record(), [], "a failed check records nothing");

    const good = await writeHostileBundle({ wheels: [app(["lib>=2"]), lib], form: "dir", dir: path.join(work.dir, "good") });
    await installBundle({ bundle: good, mode: "venv", dest: path.join(work.dir, "good-venv-1"), cacheDir });
    const after = await record();
    assert.equal(after.length, 1);
    await installBundle({ bundle: good, mode: "releases", dest: path.join(work.dir, "root"), cacheDir });
    assert.deepEqual(await record(), after, "the same set installed again (as a release too) is the same record");
  } finally {
    await work.cleanup();
  }
});
