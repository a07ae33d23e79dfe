// The closure check: Requires-Dist per target with extras propagated, and how a pin came in.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { computeClosure, pinChain } from "../../src/pack/closure.js";
import type { Pin } from "../../src/pack/plan.js";
import type { Target } from "../../src/python/target.js";
import { fakeTarget } from "../helpers/fake-target.js";

const pin = (name: string, version: string, targets: string[], extra: Partial<Pin> = {}): Pin => ({ name, version, extras: [], hashes: [], requested: true, targets, ...extra });

describe("computeClosure", () => {
  let target: Target;
  let id: string;
  before(async () => {
    target = fakeTarget();
    id = target.manifest.id;
  });

  it("reports unpinned and unsatisfied dependencies, follows requested extras and skips other platforms", () => {
    const pins = [pin("demo-app", "1.0.0", [id]), pin("greeter", "1.0.0", [id])];
    const requiresDist = new Map([
      ["demo-app", ["greeter[fast]>=1.0", "hello-cli>=1.0"]],
      ["greeter", ["hello-cli>=1.0", "win-helper>=2; sys_platform == 'win32'", "fastmath>=0.1; extra == 'fast'"]],
    ]);
    const result = computeClosure(pins, requiresDist, [target]);
    assert.deepEqual(
      result.missing.map((m) => `${m.requiredBy} → ${m.requirement}`).sort(),
      ["demo-app → hello-cli>=1.0", "greeter → fastmath>=0.1", "greeter → hello-cli>=1.0"],
    );
    assert.deepEqual(result.extras.get("greeter"), ["fast"]);
    assert.deepEqual(result.dependencies.get("demo-app"), ["greeter"]);
    const pinnedTooLow = computeClosure([pin("demo-app", "1.0.0", [id]), pin("greeter", "0.9", [id])], requiresDist, [target]);
    const conflict = pinnedTooLow.missing.find((m) => m.name === "greeter");
    assert.equal(conflict?.pinned, "0.9");
    assert.equal(conflict?.specifier, ">=1.0");
    assert.deepEqual(conflict?.extras, ["fast"]);
  });

  it("pinChain follows `via` up to the requested pin", () => {
    const pins = [
      pin("demo-app", "1.0.0", [id]),
      pin("greeter", "1.0.0", [id], { requested: false, via: { parent: "demo-app", requirement: "greeter[fast]>=1.0" } }),
      pin("fastmath", "0.1.0", [id], { requested: false, via: { parent: "greeter", requirement: "fastmath>=0.1" } }),
    ];
    assert.equal(pinChain("fastmath", pins), "demo-app 1.0.0 → greeter[fast]>=1.0 → fastmath>=0.1");
    assert.equal(pinChain("demo-app", pins), "demo-app 1.0.0");
  });
});
