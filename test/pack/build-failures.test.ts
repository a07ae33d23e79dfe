// The end-of-pack build failure summary: one line per failure, its log, and the combined install command.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { PyvendorError } from "../../src/errors.js";
import { buildFailuresError } from "../../src/pack/build-failures.js";
import type { Pin } from "../../src/pack/plan.js";
import { tempDir } from "../helpers/env.js";

const pin = (name: string): Pin => ({ name, version: "1.0", extras: [], hashes: [], requested: true, targets: ["t1", "t2"] });

describe("buildFailuresError", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    work = await tempDir();
  });
  after(() => work.cleanup());

  it("lists each failure with its reason, code and log, and merges the apt-get commands", async () => {
    const logA = path.join(work.dir, "a.log");
    const logB = path.join(work.dir, "b.log");
    await writeFile(logB, "line 1\nline 2\nerror: boom\n");
    const missing = (pkg: string, log: string) =>
      new PyvendorError("E_BUILD_MISSING_SYSTEM_PACKAGE", `Building x failed: header (${pkg}) is not installed`, { data: { reason: `header (${pkg}) is not installed`, packages: [pkg], debian: true, log } });
    const err = buildFailuresError(
      [
        { pin: pin("pg"), target: "t1", error: missing("libpq-dev", logA) },
        { pin: pin("pg"), target: "t2", error: new Error("not built"), skipped: true },
        { pin: pin("lx"), target: "t1", error: missing("libxml2-dev", logB) },
      ],
      5,
    );
    assert.equal(err.code, "E_BUILDS_FAILED");
    assert.deepEqual(err.message.split("\n"), [
      "2 packages failed to build:",
      "pg 1.0 for t1: header (libpq-dev) is not installed [E_BUILD_MISSING_SYSTEM_PACKAGE]",
      `    log: ${logA}`,
      "lx 1.0 for t1: header (libxml2-dev) is not installed [E_BUILD_MISSING_SYSTEM_PACKAGE]",
      "    | line 1",
      "    | line 2",
      "    | error: boom",
      `    log: ${logB}`,
      "(1 more target build(s) of these packages were not tried)",
    ]);
    assert.equal(err.hint, "Install the missing system packages with: sudo apt-get install libpq-dev libxml2-dev, then pack again (the 5 wheel(s) that did build are cached).");
    assert.equal((err.cause as PyvendorError).code, "E_BUILD_MISSING_SYSTEM_PACKAGE");
    assert.deepEqual((err.data.failed as { project: string }[]).map((f) => f.project), ["pg", "lx"]);
  });
});
