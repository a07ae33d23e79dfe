// diffBundles / diffManifests: what changed, package by package, in PEP 440 order.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { diffBundles, diffManifests, type BundleDiff } from "../../src/bundle/diff.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import { writeBundle } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { CP311, CP312, syntheticBundle, type FakePackage } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
let n = 0;
before(async () => ({ dir: root, cleanup } = await tempDir("pyvendor-diff-")));
after(() => cleanup());

const BASE: FakePackage[] = [
  { name: "alpha", version: "1.9" },
  { name: "beta", version: "2.0", requested: false },
  { name: "gamma", version: "0.3", requested: false },
];

async function manifestOf(packages: FakePackage[], targets = [CP311]): Promise<Manifest> {
  return (await syntheticBundle(path.join(root, `m${++n}`), packages, { targets })).manifest;
}

const swap = (name: string, to: FakePackage) => BASE.map((p) => (p.name === name ? to : p));
const empty = {
  added: [], removed: [], upgraded: [], downgraded: [], changed: [], targets: { added: [], removed: [], changed: [] },
  requirements: { added: [], removed: [] }, resolution: undefined, metadata: [],
};

const cases: [string, () => Promise<Manifest>, Partial<BundleDiff>][] = [
  ["nothing", () => manifestOf(BASE), {}],
  ["an upgrade in PEP 440 order (1.9 → 1.10)", () => manifestOf(swap("alpha", { name: "alpha", version: "1.10" })), { upgraded: [{ name: "alpha", from: "1.9", to: "1.10" }], requirements: { added: ["alpha==1.10"], removed: ["alpha==1.9"] }, metadata: ["requirements"] }],
  ["a downgrade to a pre-release (2.0 → 2.0rc1)", () => manifestOf(swap("beta", { name: "beta", version: "2.0rc1", requested: false })), { downgraded: [{ name: "beta", from: "2.0", to: "2.0rc1" }] }],
  ["an added and a removed package", () => manifestOf([...BASE.slice(0, 2), { name: "delta", version: "4.0", requested: false }]), { added: [{ name: "delta", version: "4.0" }], removed: [{ name: "gamma", version: "0.3" }] }],
  ["a rebuilt wheel (same name, other bytes)", () => manifestOf(swap("gamma", { name: "gamma", version: "0.3", requested: false, wheels: [{ content: "rebuilt" }] })), {}],
  ["a package pulled in that used to be requested", () => manifestOf(swap("alpha", { name: "alpha", version: "1.9", requested: false })), { changed: [{ name: "alpha", fields: ["requested"] }], requirements: { added: [], removed: ["alpha==1.9"] }, metadata: ["requirements"] }],
];

for (const [what, make, expected] of cases) {
  test(`diff: ${what}`, async () => {
    const before = await manifestOf(BASE);
    const after = await make();
    const diff = diffManifests(before, after);
    const { equal, oldId, newId, rebuilt, ...rest } = diff;
    assert.equal(oldId, before.id);
    assert.equal(newId, after.id);
    if (what.startsWith("a rebuilt")) {
      assert.equal(equal, false);
      assert.deepEqual(rebuilt.map((r) => [r.name, r.version, r.changed.map((c) => c.filename), r.added, r.removed]), [["gamma", "0.3", ["gamma-0.3-py3-none-any.whl"], [], []]]);
      assert.deepEqual(rest, empty);
      return;
    }
    assert.deepEqual(rebuilt, []);
    assert.deepEqual(rest, { ...empty, ...expected });
    assert.equal(equal, Object.keys(expected).length === 0);
  });
}

test("diff: a new target adds wheels at the same version and is listed under targets", async () => {
  const before = await manifestOf([{ name: "native", version: "1.0", wheels: [{ filename: "native-1.0-cp311-cp311-linux_x86_64.whl" }] }]);
  const after = await manifestOf(
    [{ name: "native", version: "1.0", wheels: [{ filename: "native-1.0-cp311-cp311-linux_x86_64.whl", targets: [CP311.id] }, { filename: "native-1.0-cp312-cp312-linux_x86_64.whl", targets: [CP312.id] }] }],
    [CP311, CP312],
  );
  const diff = diffManifests(before, after);
  assert.deepEqual(diff.targets, { added: [CP312.id], removed: [], changed: [] });
  assert.deepEqual(diff.rebuilt.map((r) => [r.name, r.added]), [["native", ["native-1.0-cp312-cp312-linux_x86_64.whl"]]]);
});

test("diff: an input resolved with other options names the requirement added and the resolution before and after", async () => {
  const before = { ...(await manifestOf(BASE)), requirements: ["alpha"], resolution: { pre: false, constraints: [], targets: [CP311.id] } };
  const after = { ...before, requirements: ["alpha", "delta>=4"], resolution: { pre: true, constraints: ["beta<3"], targets: [CP311.id] } };
  const diff = diffManifests(before, after);
  assert.deepEqual(diff.requirements, { added: ["delta>=4"], removed: [] });
  assert.deepEqual(diff.resolution, { before: before.resolution, after: after.resolution });
  assert.deepEqual(diff.metadata, ["requirements", "resolution"]);
  assert.equal(diff.equal, false);
  const pinned = diffManifests({ ...before, resolution: undefined } as Manifest, before);
  assert.deepEqual(pinned.resolution, { after: before.resolution });
});

test("diffBundles compares bundles of different forms by content", async () => {
  const { manifest, files } = await syntheticBundle(path.join(root, "forms"), BASE);
  await writeBundle({ output: path.join(root, "forms-dir"), manifest, files });
  await writeBundle({ output: path.join(root, "forms.zip"), manifest, files });
  const diff = await diffBundles(path.join(root, "forms-dir"), path.join(root, "forms.zip"));
  assert.equal(diff.equal, true);
});
