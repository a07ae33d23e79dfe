// The test helper fakeTarget() is a real Target: describeTarget's tags and id, and the shape a live interpreter gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspectPython } from "../../src/python/interpreter.js";
import { fakeCPython, fakePythonInfo, fakeTarget } from "../helpers/fake-target.js";

test("fakeTarget() is CPython 3.11 on manylinux x86_64, with the fields and marker names a live interpreter has", async () => {
  const t = fakeTarget();
  assert.equal(t.supportedTags[0], "cp311-cp311-manylinux_2_36_x86_64");
  assert.ok(t.supportedTags.includes("py3-none-any"));
  assert.match(t.manifest.id, /^cp311-cp311-/);
  const live = await inspectPython("python3");
  assert.deepEqual(Object.keys(fakePythonInfo()).sort(), Object.keys(live).sort());
  assert.deepEqual(Object.keys(t.markers).sort(), Object.keys(fakeTarget({ markers: live.markers }).markers).sort());
});

test("fakeCPython(12) is the same machine's CPython 3.12: its tags, ABI and paths follow the version", () => {
  const t = fakeCPython(12);
  assert.equal(t.supportedTags[0], "cp312-cp312-manylinux_2_36_x86_64");
  assert.ok(t.supportedTags.includes("cp312-abi3-manylinux_2_17_x86_64"));
  assert.ok(!t.supportedTags.some((tag) => tag.startsWith("cp311-cp311")));
  assert.equal(t.markers.python_version, "3.12");
  assert.notEqual(t.manifest.id, fakeTarget().manifest.id);
});
