// verify's view of a target's tags equals install's: rebuilt from the manifest entry, for every interpreter here.
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { ManifestTarget } from "../../src/bundle/manifest.js";
import { targetTags } from "../../src/bundle/target-tags.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { describeTarget } from "../../src/python/target.js";

/** python3 and every pyenv CPython 3.x on this machine (the image has several). */
async function interpreters(): Promise<string[]> {
  const root = path.join(os.homedir(), ".pyenv", "versions");
  const versions = await readdir(root).catch(() => [] as string[]);
  return ["python3", ...versions.filter((v) => Number(/^3\.(\d+)/.exec(v)?.[1] ?? 0) >= 8).map((v) => path.join(root, v, "bin", "python3"))];
}

test("targetTags(manifest entry) equals the interpreter's own tags, for every interpreter on this machine", async () => {
  const found = await interpreters();
  assert.ok(found.length >= 2, `expected several interpreters, found ${found.join(", ")}`);
  for (const spec of found) {
    const target = describeTarget(await inspectPython(spec));
    assert.deepEqual(targetTags(target.manifest), target.supportedTags, spec);
  }
});

const base: ManifestTarget = {
  id: "cp313-cp313t-linux_x86_64", implementation: "cpython", pythonVersion: "3.13.1", interpreterTag: "cp313", abiTag: "cp313t",
  platform: "linux_x86_64", glibc: null, markers: {},
};

test("a free-threaded musl target takes cp313t and abi3t wheels and any musllinux_1_x, never manylinux", () => {
  const tags = targetTags(base);
  assert.equal(tags[0], "cp313-cp313t-musllinux_1_99_x86_64");
  assert.ok(tags.includes("cp313-cp313t-musllinux_1_2_x86_64"));
  assert.ok(tags.includes("py3-none-any"));
  assert.ok(!tags.some((t) => t.includes("manylinux")));
  assert.ok(!tags.includes("cp313-cp313-linux_x86_64"));
});

test("a macOS target takes wheels for its version and older, for its architecture and universal2", () => {
  const tags = targetTags({ ...base, id: "cp312-cp312-macosx_14_0_arm64", pythonVersion: "3.12.1", interpreterTag: "cp312", abiTag: "cp312", platform: "macosx_14_0_arm64" });
  for (const tag of ["cp312-cp312-macosx_14_0_arm64", "cp312-cp312-macosx_11_0_arm64", "cp312-abi3-macosx_14_0_universal2", "py3-none-any"]) assert.ok(tags.includes(tag), tag);
  assert.ok(!tags.includes("cp312-cp312-macosx_15_0_arm64"));
  assert.ok(!tags.some((t) => t.endsWith("_x86_64")));
});
