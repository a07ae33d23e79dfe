// The key of the record of passed requirement checks changes with everything the check's outcome depends on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { installSetKey } from "../../src/install/populate.js";
import type { WheelInput } from "../../src/wheel/install.js";
import { fakePythonInfo } from "../helpers/fake-target.js";

const wheel = (sha: string): WheelInput => ({ path: `/b/${sha}.whl`, name: sha, sha256: sha.repeat(64).slice(0, 64), requested: false });

test("installSetKey: the same set in any order is one key; another wheel, extra, marker or lib dir is another", () => {
  const py = fakePythonInfo();
  const base = installSetKey([wheel("a"), wheel("b")], py, [{ name: "app", extras: ["x", "y"] }]);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(installSetKey([wheel("b"), wheel("a")], py, [{ name: "app", extras: ["y", "x"] }]), base);
  const others = [
    installSetKey([wheel("a"), wheel("c")], py, [{ name: "app", extras: ["x", "y"] }]),
    installSetKey([wheel("a")], py, [{ name: "app", extras: ["x", "y"] }]),
    installSetKey([wheel("a"), wheel("b")], py, [{ name: "app", extras: ["x"] }]),
    installSetKey([wheel("a"), wheel("b")], py, [{ name: "other", extras: ["x", "y"] }]),
    installSetKey([wheel("a"), wheel("b")], fakePythonInfo({ markers: { ...py.markers, sys_platform: "darwin" } }), [{ name: "app", extras: ["x", "y"] }]),
    installSetKey([wheel("a"), wheel("b")], fakePythonInfo({ schemePaths: { ...py.schemePaths, platlib: "lib64/python3.11/site-packages" } }), [{ name: "app", extras: ["x", "y"] }]),
  ];
  assert.equal(new Set([base, ...others]).size, others.length + 1);
});
