// resolve(): Python's rules — yanked releases (PEP 592), pre-releases (pip's rule), Requires-Python.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MemoryGraph } from "../helpers/memory-provider.js";
import { explanationOf, pinsOf } from "./helpers.js";

test("yanked releases are skipped", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0": { yanked: true } }, b: { "1.0": ["a"] } };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["b"] }), "a==1.0 b==1.0");
});

test("a yanked release is chosen when the requirements or a constraint pin it with == or ===", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0": { yanked: true } }, b: { "1.0": ["a"] } };
  assert.equal(await pinsOf({ graph, requirements: ["a==2.0"] }), "a==2.0");
  assert.equal(await pinsOf({ graph, requirements: ["a==2"] }), "a==2.0");
  assert.equal(await pinsOf({ graph, requirements: ["a===2.0"] }), "a==2.0");
  await explanationOf({ graph, requirements: ["a===2"] });
  assert.equal(await pinsOf({ graph, requirements: ["b"], constraints: ["a==2.0"] }), "a==2.0 b==1.0");
});

test("a yanked release is not chosen for a range, nor for a pin deep in the graph, and the explanation says so", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0": { yanked: true } }, b: { "1.0": ["a==2.0"] } };
  assert.equal(
    await explanationOf({ graph, requirements: ["a>=2"] }),
    "Because a==2.0 is yanked and you require a>=2, your requirements are unsatisfiable.",
  );
  assert.equal(
    await explanationOf({ graph, requirements: ["b"] }),
    [
      "Because a==2.0 is yanked and b==1.0 depends on a==2.0, b==1.0 cannot be used.",
      "And because you require b, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("pre-releases are skipped by default and allowed with pre", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0b1": [] }, b: { "1.0": ["a"] } };
  assert.equal(await pinsOf({ graph, requirements: ["b"] }), "a==1.0 b==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["b"], pre: true }), "a==2.0b1 b==1.0");
});

test("a pre-release is chosen when only pre-releases match a requirement", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0b1": [], "2.0rc1": [] }, only: { "0.1a1": [], "0.1a2": [] } };
  assert.equal(await pinsOf({ graph, requirements: ["a>1"] }), "a==2.0rc1");
  assert.equal(await pinsOf({ graph, requirements: ["only"] }), "only==0.1a2");
});

test("a pre-release is allowed when the specifier names one, and a final release still wins when newer", async () => {
  const graph: MemoryGraph = { a: { "1.0": [], "2.0b1": [], "2.0b2": [] }, c: { "1.0": [], "2.0b1": [], "2.0": [] } };
  assert.equal(await pinsOf({ graph, requirements: ["a>=2.0b1"] }), "a==2.0b2");
  assert.equal(await pinsOf({ graph, requirements: ["a==2.0b1"] }), "a==2.0b1");
  assert.equal(await pinsOf({ graph, requirements: ["c>=2.0b1"] }), "c==2.0");
});

test("Requires-Python: newer versions that dropped the target's Python are passed over for an older one", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": { requiresPython: ">=3.8" }, "2.0": { requiresPython: ">=3.12" } },
    // The index does not state it for b 2.0; the metadata does.
    b: { "1.0": [], "2.0": { metadataRequiresPython: ">=3.12" } },
    app: { "1.0": ["a", "b"] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["app"] }), "a==1.0 app==1.0 b==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["app"], python: "3.12.1" }), "a==2.0 app==1.0 b==2.0");
});

test("Requires-Python: when no version supports the target, the explanation names the Python", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": { requiresPython: ">=3.12" }, "2.0": { requiresPython: ">=3.12" } },
    b: { "1.0": { metadataRequiresPython: ">=3.12,<4" } },
  };
  assert.equal(
    await explanationOf({ graph, requirements: ["a"] }),
    "Because a requires Python >=3.12 but the target is 3.11.7 and you require a, your requirements are unsatisfiable.",
  );
  assert.equal(
    await explanationOf({ graph, requirements: ["b"] }),
    "Because b==1.0 requires Python >=3.12, <4 but the target is 3.11.7 and you require b, your requirements are unsatisfiable.",
  );
});

test("pre-releases: when the index rules out the final releases for the target's Python, a matching pre-release may be chosen (pip's candidates)", async () => {
  const graph: MemoryGraph = { p: { "2.0b1": [], "2.0": { deps: [], requiresPython: ">=3.12" } } };
  assert.equal(await pinsOf({ graph, requirements: ["p>=1.1,<3.0"] }), "p==2.0b1");
  // Stated only in the metadata, pip lists 2.0, takes no pre-release for it, and finds 2.0 unusable.
  const late: MemoryGraph = { p: { "2.0b1": [], "2.0": { deps: [], metadataRequiresPython: ">=3.12" } } };
  assert.match(await explanationOf({ graph: late, requirements: ["p>=1.1,<3.0"] }), /p==2\.0 requires Python >=3\.12/);
});

test("releases no file of which the target can use are passed over, as pip's candidates leave them out, and the explanation says so", async () => {
  const graph: MemoryGraph = {
    // 2.0 has only wheels for other platforms (the index provider says so per target).
    a: { "1.0": [], "2.0": { unusableFor: ["cp311-cp311-linux_x86_64"] } },
    b: { "1.0": ["a>=2"] },
  };
  assert.equal(await pinsOf({ graph, requirements: ["a"] }), "a==1.0");
  assert.equal(await pinsOf({ graph, requirements: ["a"], python: "3.12.1" }), "a==2.0", "another target can use it");
  assert.equal(
    await explanationOf({ graph, requirements: ["b"] }),
    [
      "Because a==2.0 has no file usable on cp311-cp311-linux_x86_64 (no compatible wheel, no sdist allowed) and b==1.0 depends on a>=2, b==1.0 cannot be used.",
      "And because you require b, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});
