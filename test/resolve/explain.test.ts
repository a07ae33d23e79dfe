// resolve() failures: E_RESOLUTION_IMPOSSIBLE and the full text of its explanation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { MemoryGraph } from "../helpers/memory-provider.js";
import { explanationOf, resolveCase } from "./helpers.js";

test("the error: code, exit status 1, a hint, and the explanation lines as data", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b>=2.0"] }, b: { "1.0": [], "2.0": [] }, c: { "1.0": ["b<2.0"] } };
  await assert.rejects(resolveCase({ graph, requirements: ["a==1.0", "c==1.0"] }), (error: unknown) => {
    assert.ok(isPyvendorError(error, "E_RESOLUTION_IMPOSSIBLE"));
    assert.equal(error.exitCode, 1);
    assert.match(error.hint ?? "", /constraint/);
    assert.deepEqual(error.data, { explanation: error.message.split("\n"), python: "3.11.7" });
    return true;
  });
});

test("two requirements whose dependencies disagree", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b>=2.0"] }, b: { "1.0": [], "2.0": [] }, c: { "1.0": ["b<2.0"] } };
  assert.equal(
    await explanationOf({ graph, requirements: ["a==1.0", "c==1.0"] }),
    [
      "Because a==1.0 depends on b>=2.0 and c==1.0 depends on b<2.0, a==1.0 and c==1.0 are incompatible.",
      "And because you require a==1.0 and c==1.0, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("no version matches, and no versions at all", async () => {
  assert.equal(
    await explanationOf({ graph: { a: { "1.0": ["b>=5.0"] }, b: { "1.0": [] } }, requirements: ["a"] }),
    [
      "Because a==1.0 depends on b>=5.0 and b has no version that matches >=5.0, a==1.0 cannot be used.",
      "And because you require a, your requirements are unsatisfiable.",
    ].join("\n"),
  );
  assert.equal(
    await explanationOf({ graph: {}, requirements: ["nothing-here>=1,<2"] }),
    "Because nothing-here has no version that matches >=1, <2 and you require nothing-here>=1, <2, your requirements are unsatisfiable.",
  );
  assert.equal(
    await explanationOf({ graph: { a: { "1.0": ["Missing_Thing"] } }, requirements: ["a"] }),
    [
      "Because a==1.0 depends on missing-thing and there are no versions of missing-thing, a==1.0 cannot be used.",
      "And because you require a, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("an extra of a project with no matching version is explained by the project", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b[x]>=5"] }, b: { "1.0": [] } };
  assert.equal(
    await explanationOf({ graph, requirements: ["a"] }),
    [
      "Because a==1.0 depends on b[x]>=5 and b has no version that matches >=5, a==1.0 cannot be used.",
      "And because you require a, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("a chain: the derived fact renders as a version set of the known versions", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b<2"], "2.0": ["b>=3"] }, b: { "1.0": [], "2.0": [], "3.0": [] } };
  assert.equal(
    await explanationOf({ graph, requirements: ["a", "b==2.0"] }),
    [
      "Because a==1.0 depends on b<2 and a==2.0 depends on b>=3, a depends on b!=2.0.",
      "And because you require a and b==2.0, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

// pubgrub's "branching error reporting" example.
const BRANCHING: MemoryGraph = {
  foo: { "1.0.0": ["a>=1.0.0,<2.0.0", "b>=1.0.0,<2.0.0"], "1.1.0": ["x>=1.0.0,<2.0.0", "y>=1.0.0,<2.0.0"] },
  a: { "1.0.0": ["b>=2.0.0,<3.0.0"] },
  b: { "1.0.0": [], "2.0.0": [] },
  x: { "1.0.0": ["y>=2.0.0,<3.0.0"] },
  y: { "1.0.0": [], "2.0.0": [] },
};

test("a failure that needs learned incompatibilities: both branches of foo fail, one is referred back to", async () => {
  const graph = BRANCHING;
  assert.equal(
    await explanationOf({ graph, requirements: ["foo>=1.0.0,<2.0.0"] }),
    [
      "Because a==1.0.0 depends on b>=2.0.0, <3.0.0 and foo==1.0.0 depends on a>=1.0.0, <2.0.0, foo==1.0.0 depends on b==2.0.0.",
      "And because foo==1.0.0 depends on b>=1.0.0, <2.0.0, foo==1.0.0 cannot be used. (1)",
      "",
      "Because foo==1.1.0 depends on x>=1.0.0, <2.0.0 and x==1.0.0 depends on y>=2.0.0, <3.0.0, foo==1.1.0 depends on y==2.0.0.",
      "And because foo==1.1.0 depends on y>=1.0.0, <2.0.0, foo==1.1.0 cannot be used.",
      "And because foo==1.0.0 cannot be used (1), foo cannot be used.",
      "And because you require foo>=1.0.0, <2.0.0, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("conflict resolution through a partial satisfier (pubgrub's example) explains in three steps", async () => {
  const graph: MemoryGraph = {
    foo: { "1.0.0": ["left>=1.0.0,<2.0.0", "right>=1.0.0,<2.0.0"], "1.1.0": ["left>=1.0.0,<2.0.0", "right>=1.0.0,<2.0.0"] },
    left: { "1.0.0": ["shared>=1.0.0"] },
    right: { "1.0.0": ["shared<2.0.0"] },
    shared: { "1.0.0": ["target>=1.0.0,<2.0.0"], "2.0.0": [] },
    target: { "1.0.0": [], "2.0.0": [] },
  };
  assert.equal(
    await explanationOf({ graph, requirements: ["foo", "target>=2.0.0"] }),
    [
      "Because foo==1.0.0 depends on right>=1.0.0, <2.0.0 and foo==1.1.0 depends on right>=1.0.0, <2.0.0, foo depends on right==1.0.0.",
      "And because right==1.0.0 depends on shared<2.0.0 and shared==1.0.0 depends on target>=1.0.0, <2.0.0, foo depends on target==1.0.0.",
      "And because you require foo and target>=2.0.0, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("an extra whose dependencies conflict with another requirement", async () => {
  const graph: MemoryGraph = {
    a: { "1.0": ['b>=2; extra == "fast"'], "2.0": ['b>=3; extra == "fast"'] },
    b: { "1.0": [], "2.0": [], "3.0": [] },
  };
  assert.equal(
    await explanationOf({ graph, requirements: ["a[fast]", "b<2"] }),
    [
      "Because a[fast]==1.0 depends on b>=2 and a[fast]==2.0 depends on b>=3, a[fast] depends on b>=2.0.",
      "And because you require a[fast] and b<2, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("a constraint that rules out what a dependency needs", async () => {
  const graph: MemoryGraph = { a: { "1.0": ["b>=2"] }, b: { "1.0": [], "2.0": [] } };
  assert.equal(
    await explanationOf({ graph, requirements: ["a"], constraints: ["b<2"] }),
    [
      "Because a==1.0 depends on b>=2 and you require a, you require b==2.0.",
      "And because you constrain b to <2, your requirements are unsatisfiable.",
    ].join("\n"),
  );
});

test("the explanation is the same on every run", async () => {
  const graph = BRANCHING;
  const first = await explanationOf({ graph, requirements: ["foo"] });
  for (let i = 0; i < 3; i++) assert.equal(await explanationOf({ graph, requirements: ["foo"] }), first);
});
