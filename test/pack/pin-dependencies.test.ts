// Pinning what the requirements left out: highest version from the index, constraints, --strict, conflicts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { DistributionFile } from "../../src/package-index/finder.js";
import type { MissingDependency } from "../../src/pack/closure.js";
import { pinDependencies, type PinContext } from "../../src/pack/pin-dependencies.js";
import type { Pin } from "../../src/pack/plan.js";
import type { Target } from "../../src/python/target.js";
import { parseRequirement } from "../../src/standards/requirement.js";
import { fakeTarget } from "../helpers/fake-target.js";

const sdist = (project: string, version: string, requiresPython?: string): DistributionFile => ({
  project, version, filename: `${project}-${version}.tar.gz`, kind: "sdist", url: `https://x/${project}-${version}.tar.gz`, hashes: {}, yanked: false, index: "x", ...(requiresPython ? { requiresPython } : {}),
});
const INDEX: Record<string, DistributionFile[]> = {
  "hello-cli": [sdist("hello-cli", "1.0.0"), sdist("hello-cli", "1.2.0"), sdist("hello-cli", "2.0.0b1")],
  greeter: [sdist("greeter", "1.0.0"), sdist("greeter", "1.1.0")],
};

describe("pinDependencies", () => {
  let target: Target;
  let id: string;
  let ctx: PinContext;
  let asked: string[];
  const demo = (): Pin => ({ name: "demo-app", version: "1.0.0", extras: [], hashes: [], requested: true, targets: [id], source: { file: "requirements.txt", line: 1 } });
  const missing = (name: string, specifier: string, extra: Partial<MissingDependency> = {}): MissingDependency => ({
    requirement: `${name}${specifier}`, name, specifier, extras: [], requiredBy: "demo-app", target: id, ...extra,
  });
  before(async () => {
    target = fakeTarget();
    id = target.manifest.id;
    asked = [];
    ctx = {
      targets: [target],
      listFiles: async (p) => {
        asked.push(p);
        return INDEX[p] ?? [];
      },
      constraints: [],
      pre: false,
      strict: false,
      policy: { onlyBinary: [], noBinary: [], preferBinary: false },
    };
  });

  it("pins the highest final version satisfying every requirer, not requested, remembering who asked", async () => {
    const update = await pinDependencies([demo()], [missing("hello-cli", ">=1.0"), missing("hello-cli", "<1.2", { requiredBy: "demo-app" }), missing("greeter", "", { extras: ["fast"], requirement: "greeter[fast]" })], ctx);
    assert.deepEqual(update.added.map((p) => `${p.name}==${p.version} [${p.extras.join(",")}] requested=${p.requested}`), ["hello-cli==1.0.0 [] requested=false", "greeter==1.1.0 [fast] requested=false"]);
    assert.deepEqual(update.added[0]?.via, { parent: "demo-app", requirement: "hello-cli>=1.0" });
  });

  it("constraints pin or narrow the choice; a constraint the requirement excludes is a conflict", async () => {
    const line = (text: string, n: number) => ({ requirement: parseRequirement(text), hashes: [], source: { file: "constraints.txt", line: n } });
    const pinned = await pinDependencies([demo()], [missing("hello-cli", ">=1.0")], { ...ctx, constraints: [line("hello-cli==1.0.0", 1)] });
    assert.equal(pinned.added[0]?.version, "1.0.0");
    await assert.rejects(pinDependencies([demo()], [missing("hello-cli", ">=1.1")], { ...ctx, constraints: [line("hello-cli==1.0.0", 4)] }), (err) => {
      assert.ok(isPyvendorError(err, "E_DEPENDENCY_CONFLICT"));
      assert.match(err.message, /demo-app 1\.0\.0 → hello-cli>=1\.1 ; but hello-cli is constrained to 1\.0\.0 \(constraints\.txt:4\)/);
      return true;
    });
  });

  it("a pin that does not satisfy a dependency is a conflict showing the chain and where it was pinned", async () => {
    const greeter: Pin = { name: "greeter", version: "1.0.0", extras: [], hashes: [], requested: true, targets: [id], source: { file: "requirements.txt", line: 3 } };
    await assert.rejects(pinDependencies([demo(), greeter], [missing("greeter", ">=2", { pinned: "1.0.0" })], ctx), (err) => {
      assert.ok(isPyvendorError(err, "E_DEPENDENCY_CONFLICT"));
      assert.equal(err.message.split("\n")[1], "demo-app 1.0.0 → greeter>=2 ; but greeter is pinned to 1.0.0 (requirements.txt:3)");
      return true;
    });
  });

  it("--strict refuses, listing the exact lines to add (extras included)", async () => {
    await assert.rejects(pinDependencies([demo()], [missing("hello-cli", ">=1.0"), missing("greeter", "", { extras: ["fast"], requirement: "greeter[fast]" })], { ...ctx, strict: true }), (err) => {
      assert.ok(isPyvendorError(err, "E_UNPINNED_REQUIREMENT"));
      assert.deepEqual(err.data.lines, ["hello-cli==1.2.0", "greeter[fast]==1.1.0"]);
      assert.match(err.message, /hello-cli==1\.2\.0 +# demo-app 1\.0\.0 → hello-cli>=1\.0/);
      return true;
    });
  });

  it("--pre allows pre-releases; a version nobody has is E_NO_MATCHING_DISTRIBUTION", async () => {
    const pre = await pinDependencies([demo()], [missing("hello-cli", "")], { ...ctx, pre: true });
    assert.equal(pre.added[0]?.version, "2.0.0b1");
    await assert.rejects(pinDependencies([demo()], [missing("hello-cli", ">=3")], ctx), (err) => isPyvendorError(err, "E_NO_MATCHING_DISTRIBUTION"));
  });
});
