// The lock case's pin readers: pyvendor's requirements file and pip's --report, and how two sets differ.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pinDifferences, pinsOfPipReport, pinsOfRequirements } from "../../bench/lock-pins.js";

test("pinsOfRequirements reads name==version lines, skipping comments, hashes and options; names normalized", () => {
  const text = [
    "# This file was written by pyvendor lock",
    "--index-url http://127.0.0.1:1/simple/",
    "Baibron_Fibre==0.18.9 \\",
    "    --hash=sha256:abc",
    "    # via gripiopliol",
    "pyyaml[libyaml]==6.0.1 ; python_version >= \"3.8\" \\",
    "    --hash=sha256:def",
    "",
  ].join("\n");
  assert.deepEqual([...pinsOfRequirements(text)], [["baibron-fibre", "0.18.9"], ["pyyaml", "6.0.1"]]);
});

test("pinsOfPipReport reads the install list of pip's report and refuses other JSON", () => {
  const report = JSON.stringify({ version: "1", install: [{ metadata: { name: "Zope.Interface", version: "6.1" } }, { metadata: { name: "six", version: "1.16.0" } }] });
  assert.deepEqual([...pinsOfPipReport(report)], [["zope-interface", "6.1"], ["six", "1.16.0"]]);
  assert.throws(() => pinsOfPipReport("{}"), /not a pip installation report/);
});

test("pinDifferences names other versions and projects one side lacks; equal sets give none", () => {
  const a = new Map([["a", "1"], ["b", "2"], ["c", "3"]]);
  const b = new Map([["a", "1"], ["b", "2.1"], ["d", "4"]]);
  assert.deepEqual(pinDifferences(a, b, { a: "ours", b: "pip's" }), ["b: 2 in ours, 2.1 in pip's", "c: 3 only in ours", "d: 4 only in pip's"]);
  assert.deepEqual(pinDifferences(a, new Map(a), { a: "x", b: "y" }), []);
});
