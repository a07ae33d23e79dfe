// Preferences (a lock's earlier pins): chosen while still allowed, never adding a project.
import assert from "node:assert/strict";
import { test } from "node:test";
import { resolve, resolveTargets } from "../../src/resolve/index.js";
import { linuxTarget, memoryProvider, type MemoryGraph } from "../helpers/memory-provider.js";

const graph: MemoryGraph = {
  app: { "1.0": ["lib>=1"], "2.0": ["lib>=1", "extra-dep"] },
  lib: { "1.0": [], "1.5": { deps: [], yanked: true }, "2.0": [], "3.0": { deps: [], requiresPython: ">=3.13" } },
  "extra-dep": { "1.0": [] },
  unused: { "1.0": [] },
};

async function pins(requirements: string[], preferences: Record<string, string>): Promise<string> {
  const { pins: out } = await resolve({ requirements, target: linuxTarget("3.11.7"), preferences }, memoryProvider(graph));
  return out.map((p) => `${p.name}==${p.version}`).join(" ");
}

test("a preferred version is chosen over a newer one while the requirements allow it", async () => {
  assert.equal(await pins(["app"], {}), "app==2.0 extra-dep==1.0 lib==2.0");
  assert.equal(await pins(["app"], { lib: "1", App: "1.0" }), "app==1.0 lib==1.0");
});

test("a preference the requirements, Requires-Python or a yank rule out gives way to the highest allowed", async () => {
  assert.equal(await pins(["app", "lib>=2"], { lib: "1.0" }), "app==2.0 extra-dep==1.0 lib==2.0");
  assert.equal(await pins(["app==1.0"], { lib: "3.0" }), "app==1.0 lib==2.0");
  assert.equal(await pins(["app==1.0"], { lib: "1.5" }), "app==1.0 lib==2.0");
  assert.equal(await pins(["app==1.0"], { lib: "9.9", nonsense: "not a version" }), "app==1.0 lib==2.0");
});

test("preferences never add a project, and hold across targets", async () => {
  assert.equal(await pins(["lib"], { unused: "1.0", app: "1.0" }), "lib==2.0");
  const shared = await resolveTargets({ requirements: ["app"], targets: [linuxTarget("3.8.18"), linuxTarget("3.11.7")], preferences: { app: "1.0", lib: "1.0" } }, memoryProvider(graph));
  assert.deepEqual(shared.map((p) => `${p.name}==${p.version}`), ["app==1.0", "lib==1.0"]);
});
