// verifyBundle: every problem of a damaged bundle is reported, with its code and path.
import assert from "node:assert/strict";
import { appendFile, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { writeBundle, type BundleFile } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { bundleEntries, craftTarGz, craftZip, type CraftEntry } from "./craft.js";
import { syntheticBundle } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
let manifest: Manifest;
let files: BundleFile[];
let n = 0;

const ALPHA = "wheels/alpha-1.0-py3-none-any.whl";
const BETA = "wheels/beta-2.0-py3-none-any.whl";

before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-verify-"));
  ({ manifest, files } = await syntheticBundle(path.join(root, "src"), [
    { name: "alpha", version: "1.0" },
    { name: "beta", version: "2.0", requested: false },
  ]));
});
after(() => cleanup());

type Damage = (dir: string) => Promise<void>;
const at = (dir: string, rel: string) => path.join(dir, ...rel.split("/"));
const sameSizeGarbage = (rel: string): Damage => async (dir) => {
  const size = rel === ALPHA ? manifest.packages[0]?.wheels[0]?.size : manifest.packages[1]?.wheels[0]?.size;
  await writeFile(at(dir, rel), "x".repeat(Number(size)));
};

const cases: [string, Damage, [string, string][]][] = [
  ["an intact bundle", async () => {}, []],
  ["a tampered wheel", sameSizeGarbage(ALPHA), [["E_HASH_MISMATCH", ALPHA]]],
  ["a wheel with bytes appended", (d) => appendFile(at(d, BETA), "more"), [["E_BUNDLE_SIZE_MISMATCH", BETA]]],
  ["a missing wheel", (d) => rm(at(d, BETA)), [["E_BUNDLE_FILE_MISSING", BETA]]],
  ["an extra file", (d) => writeFile(at(d, "notes.txt"), "hi"), [["E_BUNDLE_EXTRA_FILE", "notes.txt"]]],
  ["an extra wheel", (d) => writeFile(at(d, "wheels/evil-1.0-py3-none-any.whl"), "x"), [["E_BUNDLE_EXTRA_FILE", "wheels/evil-1.0-py3-none-any.whl"]]],
  ["an extra directory", (d) => mkdir(at(d, "build")), [["E_BUNDLE_EXTRA_FILE", "build"]]],
  ["a wheel replaced by a symlink", async (d) => {
    await rm(at(d, ALPHA));
    await symlink("/etc/hostname", at(d, ALPHA));
  }, [["E_UNSAFE_ENTRY", ALPHA]]],
  ["an edited requirements.lock", (d) => appendFile(at(d, "requirements.lock"), "evil==1.0\n"), [["E_BUNDLE_LOCKFILE_STALE", "requirements.lock"]]],
  ["a missing pylock.toml", (d) => rm(at(d, "pylock.toml")), [["E_BUNDLE_FILE_MISSING", "pylock.toml"]]],
  ["a manifest edited after packing", async (d) => {
    await writeFile(at(d, "manifest.json"), `${JSON.stringify({ ...manifest, requirements: ["alpha==1.0", "evil"] }, null, 2)}\n`);
  }, [["E_BUNDLE_ID_MISMATCH", "manifest.json"]]],
  ["a manifest that is not JSON", (d) => writeFile(at(d, "manifest.json"), "{"), [["E_MANIFEST_INVALID", "manifest.json"]]],
  ["three problems at once", async (d) => {
    await sameSizeGarbage(ALPHA)(d);
    await rm(at(d, BETA));
    await writeFile(at(d, "wheels/extra.whl"), "x");
  }, [["E_HASH_MISMATCH", ALPHA], ["E_BUNDLE_EXTRA_FILE", "wheels/extra.whl"], ["E_BUNDLE_FILE_MISSING", BETA]]],
];

for (const [what, damage, expected] of cases) {
  test(`a directory with ${what}: ${expected.map(([c]) => c).join(", ") || "ok"}`, async () => {
    const dir = path.join(root, `case-${++n}`);
    await writeBundle({ output: dir, manifest, files });
    await damage(dir);
    const report = await verifyBundle(dir);
    assert.deepEqual(report.problems.map((p) => [p.code, p.path]), expected);
    assert.equal(report.ok, expected.length === 0);
    if (expected.length === 0) assert.equal(report.verified, 2);
  });
}

test("a hash mismatch reports the expected and the actual sha256", async () => {
  const dir = path.join(root, "hash");
  await writeBundle({ output: dir, manifest, files });
  await sameSizeGarbage(ALPHA)(dir);
  const [problem] = (await verifyBundle(dir)).problems;
  assert.equal(problem?.expected, manifest.packages[0]?.wheels[0]?.sha256);
  assert.match(String(problem?.actual), /^[0-9a-f]{64}$/);
});

for (const format of ["tar.gz", "zip"] as const) {
  test(`a ${format} written by writeBundle verifies`, async () => {
    const file = path.join(root, `ok.${format}`);
    await writeBundle({ output: file, manifest, files });
    const report = await verifyBundle(file);
    assert.deepEqual(report.problems, []);
    assert.equal(report.kind, format);
  });

  test(`a damaged ${format}: every problem reported`, async () => {
    const entries: CraftEntry[] = (await bundleEntries(manifest, files))
      .filter((e) => e.name !== BETA)
      .map((e) => (e.name === ALPHA ? { ...e, data: Buffer.from("y".repeat(e.data?.length ?? 0)) } : e));
    entries.push({ name: "wheels/extra.whl", data: Buffer.from("x") });
    const file = path.join(root, `damaged.${format}`);
    await writeFile(file, format === "zip" ? craftZip(entries) : await craftTarGz(entries));
    const report = await verifyBundle(file);
    assert.deepEqual(report.problems.map((p) => [p.code, p.path]), [["E_HASH_MISMATCH", ALPHA], ["E_BUNDLE_EXTRA_FILE", "wheels/extra.whl"], ["E_BUNDLE_FILE_MISSING", BETA]]);
  });
}

test("a path that is no bundle throws E_NOT_A_BUNDLE", async () => {
  await assert.rejects(verifyBundle(path.join(root, "nothing-here")), (err: unknown) => isPyvendorError(err, "E_NOT_A_BUNDLE"));
});

test("a manifest that fails the schema is one problem, with the JSON pointer of the first error", async () => {
  const dir = path.join(root, "schema");
  await writeBundle({ output: dir, manifest, files });
  const bad = structuredClone(manifest);
  (bad.packages[1]?.wheels[0] as { size: number }).size = -5;
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify(bad));
  const report = await verifyBundle(dir);
  assert.deepEqual(report.problems.map((p) => [p.code, p.path, p.pointer]), [["E_MANIFEST_INVALID", "manifest.json", "/packages/1/wheels/0/size"]]);
});
