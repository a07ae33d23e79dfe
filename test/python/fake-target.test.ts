// The test helper fakeTarget() is a real Target: describeTarget's tags and id, and the shape a live interpreter gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspectPython } from "../../src/python/interpreter.js";
import { fakePythonInfo, fakeTarget } from "../helpers/fake-target.js";

test("fakeTarget() is CPython 3.11 on manylinux x86_64, with the fields and marker names a live interpreter has", async () => {
  const t = fakeTarget();
  assert.equal(t.supportedTags[0], "cp311-cp311-manylinux_2_36_x86_64");
  assert.ok(t.supportedTags.includes("py3-none-any"));
  assert.match(t.manifest.id, /^cp311-cp311-/);
  const live = await inspectPython("python3");
  assert.deepEqual(Object.keys(fakePythonInfo()).sort(), Object.keys(live).sort());
  assert.deepEqual(Object.keys(t.markers).sort(), Object.keys(fakeTarget({ markers: live.markers }).markers).sort());
});
