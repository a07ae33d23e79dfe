// pack checks every wheel as install will: a wheel install would refuse never reaches a bundle, and the error names it.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { passedChecks } from "../../src/cache/passed-checks.js";
import { isPyvendorError } from "../../src/errors.js";
import { pack } from "../../src/pack/pipeline.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { buildWheel, type WheelSpec } from "../helpers/wheel-factory.js";

const good = { path: "good/__init__.py", data: "X = 1\n".repeat(50) };

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-pack-bad-wheels-");
});
after(async () => {
  await work?.cleanup();
});

/** Packs one local wheel given by path in a requirements file, offline; returns the error. */
async function packWheel(spec: WheelSpec): Promise<{ err: unknown; requirements: string; filename: string; output: string }> {
  const wheel = await buildWheel(spec, path.join(work.dir, "wheels", spec.name));
  const requirements = path.join(work.dir, `${spec.name}-requirements.txt`);
  await writeFile(requirements, `# a wheel given by path\n${wheel.path}\n`);
  const output = path.join(work.dir, `${spec.name}-bundle`);
  const err = await pack({
    requirementFiles: [requirements], output, cacheDir: path.join(work.dir, "cache"), index: { noIndex: true }, env: cleanEnv(),
  }).then(() => undefined, (e: unknown) => e);
  return { err, requirements, filename: wheel.filename, output };
}

const BAD: { kind: string; spec: WheelSpec; code: string; message: RegExp }[] = [
  { kind: "tags that fit no target", spec: { name: "alien", version: "1.0", tag: "cp27-cp27mu-manylinux1_x86_64", files: [good] }, code: "E_NO_COMPATIBLE_WHEEL", message: /does not accept/ },
  { kind: "another project's .dist-info", spec: { name: "foo", version: "1.0", metadataName: "bar", distInfoName: "bar", files: [good] }, code: "E_WHEEL_INVALID", message: /METADATA Name "bar" does not match/ },
  {
    kind: "a stale RECORD",
    spec: { name: "stale", version: "1.0", files: [good], tamper: (entries, record) => ({ entries: entries.map((e) => (e.name === good.path ? { ...e, data: "X = 2\n".repeat(50) } : e)), record }) },
    code: "E_RECORD_MISMATCH",
    message: /does not match its RECORD hash/,
  },
];

for (const bad of BAD) {
  test(`a wheel with ${bad.kind} is refused by pack (${bad.code}), named by file and requirement, and no bundle is written`, async () => {
    const { err, requirements, filename, output } = await packWheel(bad.spec);
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, bad.code, err.message);
    assert.match(err.message, bad.message);
    assert.ok(err.message.includes(filename), err.message);
    assert.ok(err.message.includes(`from ${path.join(work.dir, "wheels", bad.spec.name, filename)} at ${requirements}:2)`), err.message);
    assert.equal(existsSync(output), false);
  });
}

test("a valid wheel given by path packs", async () => {
  const { err, output } = await packWheel({ name: "fine", version: "1.0", files: [good] });
  assert.equal(err, undefined, String(err));
  assert.equal(existsSync(path.join(output, "manifest.json")), true);
});

test("a wheel checked once is recorded by sha256; a local wheel changed in place is read and checked again (not the cached copy)", async () => {
  const cacheDir = path.join(work.dir, "cache");
  const { err } = await packWheel({ name: "twice", version: "1.0", files: [good] });
  assert.equal(err, undefined, String(err));
  const wheel = path.join(work.dir, "wheels", "twice", "twice-1.0-py3-none-any.whl");
  const sha = createHash("sha256").update(await readFile(wheel)).digest("hex");
  assert.equal(passedChecks(cacheDir).has(sha), true, "the pass is recorded under the wheel's sha256");
  const stale = await packWheel({
    name: "twice", version: "1.0", files: [good],
    tamper: (entries, record) => ({ entries: entries.map((e) => (e.name === good.path ? { ...e, data: "X = 3\n".repeat(50) } : e)), record }),
  });
  assert.ok(isPyvendorError(stale.err, "E_RECORD_MISMATCH"), String(stale.err));
});
