// resolveTargets(): one set of pins for several target Pythons, or the target that cannot share it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { resolveTargets, type SharedPin } from "../../src/resolve/index.js";
import { linuxTarget, memoryProvider, type MemoryGraph } from "../helpers/memory-provider.js";

const show = (pins: SharedPin[]) => pins.map((p) => `${p.name}==${p.version}@${p.targets.join(",")}`).join(" ");
const targets = (...pythons: string[]) => pythons.map((p) => linuxTarget(p));

test("a dependency only one target needs is pinned for that target; shared ones get one version", async () => {
  const graph: MemoryGraph = {
    app: { "1.0": ["lib>=1", 'backport>=1; python_version < "3.9"'] },
    lib: { "1.0": [], "2.0": [] },
    backport: { "1.0": [], "1.5": [] },
  };
  const pins = await resolveTargets({ requirements: ["app"], targets: targets("3.8.18", "3.11.7") }, memoryProvider(graph));
  assert.equal(show(pins), "app==1.0@0,1 backport==1.5@0 lib==2.0@0,1");
  assert.deepEqual(pins.find((p) => p.name === "lib")?.requestedBy, ["app==1.0"]);
});

test("the newest version drops an older target's Python: the lock takes the version both can use", async () => {
  const graph: MemoryGraph = {
    app: { "1.0": ["lib"] },
    lib: { "1.0": { deps: [] }, "2.0": { deps: [], requiresPython: ">=3.10" } },
  };
  // Resolved first for 3.11 alone, lib would be 2.0; 3.8 cannot follow, so 3.8 leads.
  const pins = await resolveTargets({ requirements: ["app"], targets: targets("3.11.7", "3.8.18") }, memoryProvider(graph));
  assert.equal(show(pins), "app==1.0@0,1 lib==1.0@0,1");
});

test("a target with no solution of its own is named, with its explanation", async () => {
  const graph: MemoryGraph = { lib: { "1.0": { deps: [] }, "2.0": { deps: [], requiresPython: ">=3.10" } } };
  await assert.rejects(resolveTargets({ requirements: ["lib>=2"], targets: targets("3.11.7", "3.8.18") }, memoryProvider(graph)), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE"));
    assert.equal(err.data.target, 1);
    const lines = err.message.split("\n");
    assert.equal(lines[0], "For Python 3.8.18:");
    assert.match(lines.slice(1).join(" "), /lib==2\.0.*Python >=3\.10/);
    assert.deepEqual(err.data.explanation, lines);
    return true;
  });
});

test("two targets that each have a solution but cannot share one: both named, and why", async () => {
  const graph: MemoryGraph = {
    app: { "1.0": ["lib"] },
    lib: { "1.0": { deps: [], requiresPython: "<3.10" }, "2.0": { deps: [], requiresPython: ">=3.10" } },
  };
  await assert.rejects(resolveTargets({ requirements: ["app"], targets: targets("3.11.7", "3.8.18") }, memoryProvider(graph)), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE"));
    const [head, ...why] = err.message.split("\n");
    assert.equal(head, "Python 3.8.18 and Python 3.11.7 each have a solution, but no one set of pins serves both. With the pins chosen for Python 3.8.18, Python 3.11.7 fails:");
    assert.match(why.join(" "), /lib/);
    assert.deepEqual(err.data.targets, [1, 0]);
    return true;
  });
});

test("one target behaves as resolve() does, and the index is asked once per question across targets", async () => {
  const graph: MemoryGraph = { app: { "1.0": ["lib"], "2.0": ["lib>=2"] }, lib: { "1.0": [], "2.0": [] } };
  const provider = memoryProvider(graph);
  assert.equal(show(await resolveTargets({ requirements: ["app"], targets: targets("3.11.7") }, provider)), "app==2.0@0 lib==2.0@0");
  const counted = memoryProvider(graph);
  await resolveTargets({ requirements: ["app"], targets: targets("3.8.18", "3.11.7", "3.12.1") }, counted);
  assert.equal(counted.calls.length, new Set(counted.calls).size, counted.calls.join(" "));
});
