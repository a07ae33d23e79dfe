// A failed build becomes one error: the system package to install, the log's last lines and its path.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { explainBuildFailure, HOOK_ERROR_MARKER } from "../../src/build/build-failure.js";
import { createSystemPackages } from "../../src/build/system-packages.js";
import { tempDir } from "../helpers/env.js";

describe("explainBuildFailure", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    work = await tempDir();
  });
  after(() => work.cleanup());
  const debian = createSystemPackages({ run: async () => undefined, debian: true });
  const explain = async (log: string, kind: "hook-failed" | "backend-unavailable" = "hook-failed", packages = debian) => {
    const logPath = path.join(work.dir, `${Math.random()}.log`);
    await writeFile(logPath, log);
    const err = await explainBuildFailure({ project: "psycopg2", version: "2.9.9", target: "cp311-cp311-linux_x86_64", logPath, failure: { kind, message: "Traceback...\nSystemExit: 1\n" }, packages });
    return { err, logPath };
  };

  it("a missing header names the Debian package and the exact apt-get command", async () => {
    const { err, logPath } = await explain(`running build_ext\nsrc/psycopg.h:36:10: fatal error: libpq-fe.h: No such file or directory\ncompilation terminated.\nerror: command '/usr/bin/gcc' failed with exit code 1\n\n${HOOK_ERROR_MARKER}build_wheel:\nTraceback...\nSystemExit: 1\n`);
    assert.equal(err.code, "E_BUILD_MISSING_SYSTEM_PACKAGE");
    assert.match(err.message, /the C header libpq-fe\.h \(libpq-dev\) is not installed/);
    assert.match(err.hint ?? "", /sudo apt-get install libpq-dev/);
    assert.deepEqual(err.data.packages, ["libpq-dev"]);
    const cause = String((err.cause as Error).message);
    assert.match(cause, /fatal error: libpq-fe\.h/);
    assert.match(cause, /the backend raised: SystemExit: 1/);
    assert.ok(!cause.includes("Traceback"), "the traceback stays in the log");
    assert.ok(cause.endsWith(`full log: ${logPath}`));
  });

  it("a missing library (-lxml2) maps to its -dev package; off Debian the hint names it without apt-get", async () => {
    const off = createSystemPackages({ run: async () => undefined, debian: false });
    const { err } = await explain("/usr/bin/ld: cannot find -lxml2: No such file or directory\ncollect2: error: ld returned 1 exit status\n", "hook-failed", off);
    assert.equal(err.code, "E_BUILD_MISSING_SYSTEM_PACKAGE");
    assert.match(err.message, /the library -lxml2 \(libxml2-dev\)/);
    assert.doesNotMatch(err.hint ?? "", /apt-get/);
    assert.match(err.hint ?? "", /libxml2-dev/);
  });

  it("any other failure is E_BUILD_FAILED with the exception line; a backend that cannot load is E_BUILD_BACKEND", async () => {
    const failed = await explain("lots of output\nerror: something broke\n");
    assert.equal(failed.err.code, "E_BUILD_FAILED");
    assert.match(failed.err.message, /failed: SystemExit: 1$/);
    assert.match(String((failed.err.cause as Error).message), /error: something broke/);
    const backend = await explain("", "backend-unavailable");
    assert.equal(backend.err.code, "E_BUILD_BACKEND");
  });
});
