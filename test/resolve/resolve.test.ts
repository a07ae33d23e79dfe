// resolve(): choosing versions — backtracking, cycles, names, markers, extras, constraints, who asked.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { resolve } from "../../src/resolve/index.js";
import { linuxTarget, memoryProvider, type MemoryGraph } from "../helpers/memory-provider.js";
import { pinsOf, resolveCase } from "./helpers.js";

test("the newest versions are chosen when they fit", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "1.1": ["b>=1.0"], "2.0": ["b"] }, b: { "1.0": [], "3.0": [] } };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==2.0 b==3.0");
  assert.equal(await pinsOf({ graph, requirements: ["a<2"] }), "a==1.1 b==3.0");
});

test("backtracking: the newest b leads to a conflict, an older b works", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ["b", "c"] },
    b: { "1.0": ["d<2"], "2.0": ["d>=2", "e==1.0"], "3.0": ["e==9.0"] },
    c: { "1.0": ["d<2"] },
    d: { "1.0": [], "2.0": [] },
    e: { "1.0": [] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==1.0 b==1.0 c==1.0 d==1.0");
});

test("backtracking over the decision of another package: an older a avoids a conflict found deep down", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ["x==1.0"], "2.0": ["y"] },
    y: { "1.0": ["z>=2"] },
    z: { "1.0": [], "2.0": ["w<1"] },
    w: { "1.0": [] },
    x: { "1.0": [] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==1.0 x==1.0");
});

test("cycles and a dependency on itself resolve", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ["b==1.0"], "2.0": ["b==2.0", "a>=2"] },
    b: { "1.0": ["a==1.0"], "2.0": ["a>=1"] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==2.0 b==2.0");
  assert.equal(await pinsOf({ graph, requirements: ["b<2"] }), "a==1.0 b==1.0");
  // a==2.0 needs a version of itself it is not: unusable, so a==1.0.
  const self: MemoryGraph = { a: { "1.0": [], "2.0": ["a<2"] } };
  assert.equal(await pinsOf({ graph: self, requirements: ["a"] }), "a==1.0");
});

test("names are PEP 503 normalized everywhere and pins use the normal form", async () => {
  const graph: MemoryGraph = { "Zope.Interface": { "5.0": ["Typing_Extensions>=4"] }, "typing-extensions": { "4.1": [] } };
  assert.equal(await pinsOf({ graph, requirements: ["zope_interface", "ZOPE-interface>=5"] }), "typing-extensions==4.1 zope-interface==5.0");
});

test("markers are evaluated against the target: a dependency for another platform or Python is skipped", async () => {
  const graph: MemoryGraph = {
    app: { "1.0": ['colorama; sys_platform == "win32"', 'tomli; python_version < "3.11"', 'uvloop; sys_platform == "linux"'] },
    colorama: {},
    tomli: { "2.0": [] },
    uvloop: { "0.19": [] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["app"] }), "app==1.0 uvloop==0.19");
  assert.equal(await pinsOf({ graph, requirements: ["app"], python: "3.10.12" }), "app==1.0 tomli==2.0 uvloop==0.19");
  const windows = { ...linuxTarget(), environment: { ...linuxTarget().environment, sys_platform: "win32" } };
  await assert.rejects(resolveCase({ graph, requirements: ["app"], target: windows }), /there are no versions of colorama/);
  // A root requirement's marker too.
  assert.equal(await pinsOf({ graph, requirements: ['tomli; python_version < "3.11"', "uvloop"] }), "uvloop==0.19");
});

test("extras: a[x] pulls the dependencies marked extra == 'x', at the same version as a", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ['b; extra == "x"'], "2.0": ["c", 'd; extra == "y"'] },
    b: { "1.0": [] },
    c: { "1.0": [] },
    d: { "1.0": [] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==2.0 c==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["a[y]"] }), "a==2.0 c==1.0 d==1.0");
  // Only a==1.0 has extra x with b; a[x] and a must agree, and "a>=0" alone would take 2.0.
  assert.equal(await pinsOf({ graph, requirements: ["a", "b", "a[x]"] }), "a==2.0 b==1.0 c==1.0");
  const { pins } = await resolveCase({ graph, requirements: ["A[Y]"] });
  assert.deepEqual(pins[0], { name: "a", version: "2.0", extras: ["y"], requestedBy: ["root"] });
  assert.deepEqual(pins.find((p) => p.name === "d")?.requestedBy, ["a[y]==2.0"]);
});

test("extras: when the newest version's extra conflicts, an older version is used", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ['b<2; extra == "fast"'], "2.0": ['b>=2; extra == "fast"'] },
    b: { "1.0": [], "2.0": [] },
    c: { "1.0": ["b<2"] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a[fast]", "c"] }), "a==1.0 b==1.0 c==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["a", "c"] }), "a==2.0 b==1.0 c==1.0");
});

test("an extra that depends on another extra of the same project", async () => {
  const graph: MemoryGraph = { a: { "1.0": ['a[x]; extra == "all"', 'b; extra == "x"'] }, b: { "1.0": [] } };
  const { pins } = await resolveCase({ graph, requirements: ["a[all]"] });
  assert.deepEqual(pins, [
    { name: "a", version: "1.0", extras: ["all", "x"], requestedBy: ["root"] },
    { name: "b", version: "1.0", extras: [], requestedBy: ["a[x]==1.0"] },
  ]);
});

test("constraints narrow a project that is needed and never add one", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b"], "2.0": ["b"] }, b: { "1.0": [], "2.0": [] }, c: { "1.0": [] } };
  assert.equal(await pinsOf({ graph, requirements: ["a"], constraints: ["b<2", "c==1.0"] }), "a==2.0 b==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["a"], constraints: ["B<2", "a<2"] }), "a==1.0 b==1.0");
  // A constraint whose marker does not hold for the target does nothing.
  assert.equal(await pinsOf({ graph, requirements: ["a"], constraints: ['b<2; sys_platform == "win32"'] }), "a==2.0 b==2.0");
});

test("requestedBy names the root and each parent version, sorted; pins are sorted by name", async () => {
  const graph: MemoryGraph = { z: { "1.0": ["m"] }, a: { "1.0": ["m>=1"] }, m: { "1.0": [] } };
  const { pins } = await resolveCase({ graph, requirements: ["z", "a", "m"] });
  assert.deepEqual(pins.map((p) => [p.name, p.requestedBy]), [
    ["a", ["root"]],
    ["m", ["a==1.0", "root", "z==1.0"]],
    ["z", ["root"]],
  ]);
});

test("the provider is asked once per project and per chosen version", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b", "c"], "2.0": ["b", "c>=2"] }, b: { "1.0": ["c"] }, c: { "1.0": [] } };
  const provider = memoryProvider(graph);
  const { pins } = await resolve({ requirements: ["a", "a[x]"], target: linuxTarget() }, provider);
  assert.deepEqual(pins.map((p) => `${p.name}==${p.version}`), ["a==1.0", "b==1.0", "c==1.0"]);
  assert.equal(new Set(provider.calls).size, provider.calls.length, provider.calls.join(" "));
});

test("invalid and direct-reference requirements are refused with their codes", async () => {
  const graph: MemoryGraph = { a: { "1.0": [] } };
  await assert.rejects(resolveCase({ graph, requirements: ["a >>= 1"] }), (e: unknown) => isPyvendorError(e, "E_INVALID_REQUIREMENT"));
  await assert.rejects(resolveCase({ graph, requirements: ["a @ https://example.com/a-1.0.tar.gz"] }), (e: unknown) =>
    isPyvendorError(e, "E_INVALID_REQUIREMENT") && /direct reference/.test(e.message));
});

test("no requirements resolve to no pins", async () => {
  assert.deepEqual(await resolveCase({ graph: {}, requirements: [] }), { pins: [] });
});

test("the dependencies of every needed package are asked for ahead, in parallel (slow sdist builds overlap), with the same pins", async () => {
  const graph: MemoryGraph = {
    app: { "1.0": ["a", "b", "c"] },
    a: { "1.0": ["d"], "2.0": ["d"] },
    b: { "1.0": [] },
    c: { "1.0": ["d<2"] },
    d: { "1.0": [], "2.0": [] },
  };
  const inner = memoryProvider(graph);
  let running = 0;
  let peak = 0;
  const slow = {
    versions: inner.versions,
    async dependencies(name: string, version: string) {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
      return inner.dependencies(name, version);
    },
  };
  const resolution = await resolve({ requirements: ["app"], target: linuxTarget() }, slow);
  assert.deepEqual(resolution.pins.map((p) => `${p.name}==${p.version}`), ["a==2.0", "app==1.0", "b==1.0", "c==1.0", "d==1.0"]);
  assert.ok(peak >= 3, `a, b and c were asked at once (peak ${peak})`);
});
