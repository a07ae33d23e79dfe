// Planning pins: constraints (-c) that exclude a pinned version are a conflict naming both lines.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { checkConstraints, planPins } from "../../src/pack/plan.js";
import type { Target } from "../../src/python/target.js";
import { parseRequirement } from "../../src/standards/requirement.js";
import { fakeTarget } from "../helpers/fake-target.js";

const line = (text: string, file: string, n: number) => ({ requirement: parseRequirement(text), hashes: [], source: { file, line: n } });

describe("checkConstraints", () => {
  let target: Target;
  before(() => {
    target = fakeTarget(); // no Python needed: the plan is pure
  });

  it("accepts pins the constraints allow, ignores constraints on other packages and on other platforms", () => {
    const pins = planPins([line("greeter==1.0.0", "requirements.txt", 1)], [target]);
    checkConstraints(pins, [line("greeter>=1,<2", "c.txt", 1), line("other==3", "c.txt", 2), line("greeter==9; sys_platform == 'win32'", "c.txt", 3)], [target]);
  });

  it("refuses a pin a constraint excludes, naming both places", () => {
    const pins = planPins([line("greeter==1.0.0", "requirements.txt", 3)], [target]);
    assert.throws(() => checkConstraints(pins, [line("greeter>=2", "constraints.txt", 7)], [target]), (err) => {
      assert.ok(isPyvendorError(err, "E_DEPENDENCY_CONFLICT"));
      assert.match(err.message, /greeter is pinned to 1\.0\.0 \(requirements\.txt:3\) but constrained to >=2 \(constraints\.txt:7\)/);
      return true;
    });
  });
});

describe("planPins", () => {
  let target: Target;
  before(() => {
    target = fakeTarget(); // no Python needed: the plan is pure
  });

  it("refuses `name===` (arbitrary equality with nothing) as unpinned, saying what === needs", () => {
    assert.throws(() => planPins([line("hello-cli===", "requirements.txt", 2)], [target]), (err) => {
      assert.ok(isPyvendorError(err, "E_UNPINNED_REQUIREMENT"));
      assert.match(err.message, /requirements\.txt:2: hello-cli=== \(=== needs the exact version text after it, e\.g\. hello-cli===1\.0\.0\)/);
      return true;
    });
    assert.equal(planPins([line("hello-cli===1.0.0", "requirements.txt", 2)], [target])[0]?.version, "1.0.0");
  });
});
