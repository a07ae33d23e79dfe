// verify reads every wheel as install will: a bundle holding a wheel install would refuse does not verify, in every form.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { verifyBundle } from "../../src/bundle/verify.js";
import { tempDir } from "../helpers/env.js";
import { writeHostileBundle, type BundleForm } from "../helpers/hostile-bundle.js";
import type { WheelSpec } from "../helpers/wheel-factory.js";

const FORMS: BundleForm[] = ["dir", "tar.gz", "zip"];
const good = { path: "good/__init__.py", data: "X = 1\n".repeat(50) };

/** Each bad wheel, the problem verify must report for it, and its file name. */
const BAD: { kind: string; spec: WheelSpec; code: string; file: string; message: RegExp }[] = [
  {
    kind: "tags that fit no target",
    spec: { name: "alien", version: "1.0", tag: "cp27-cp27mu-manylinux1_x86_64", files: [good] },
    code: "E_NO_COMPATIBLE_WHEEL",
    file: "wheels/alien-1.0-cp27-cp27mu-manylinux1_x86_64.whl",
    message: /which target cp311-cp311-linux_x86_64 does not accept/,
  },
  {
    kind: "another project's .dist-info",
    spec: { name: "foo", version: "1.0", metadataName: "bar", distInfoName: "bar", files: [good] },
    code: "E_WHEEL_INVALID",
    file: "wheels/foo-1.0-py3-none-any.whl",
    message: /METADATA Name "bar" does not match the file name's project foo/,
  },
  {
    kind: "a stale RECORD",
    spec: {
      name: "stale", version: "1.0", files: [good],
      tamper: (entries, record) => ({ entries: entries.map((e) => (e.name === good.path ? { ...e, data: "X = 2\n".repeat(50) } : e)), record }),
    },
    code: "E_RECORD_MISMATCH",
    file: "wheels/stale-1.0-py3-none-any.whl",
    message: /good\/__init__\.py does not match its RECORD hash/,
  },
];

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-verify-wheels-");
});
after(async () => {
  await work?.cleanup();
});

for (const form of FORMS) {
  describe(`${form} bundle`, () => {
    test("valid wheels of every shape verify: no Tag line, signature files unlisted in RECORD", async () => {
      const bundle = await writeHostileBundle({
        form,
        dir: path.join(work.dir, `ok-${form.replace(".", "-")}`),
        wheels: [
          { name: "untagged", version: "0.3", wheelFile: "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n\n", files: [{ path: "untagged.py", data: "V = 1\n" }] },
          {
            name: "signed", version: "1.1", files: [{ path: "signed.py", data: "S = 1\n" }],
            tamper: (entries, record) => ({ entries: [...entries, { name: "signed-1.1.dist-info/RECORD.jws", data: "{}\n" }], record }),
          },
        ],
      });
      const report = await verifyBundle(bundle);
      assert.deepEqual(report.problems, []);
      assert.equal(report.verified, 2);
    });

    for (const bad of BAD) {
      test(`a wheel with ${bad.kind} is a problem (${bad.code}) naming the wheel`, async () => {
        const bundle = await writeHostileBundle({ form, dir: path.join(work.dir, `${bad.spec.name}-${form.replace(".", "-")}`), wheels: [bad.spec] });
        const report = await verifyBundle(bundle);
        assert.equal(report.ok, false);
        assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
        const [problem] = report.problems;
        assert.equal(problem?.code, bad.code, problem?.message);
        assert.equal(problem?.path, bad.file);
        assert.match(problem?.message ?? "", bad.message);
      });
    }
  });
}
