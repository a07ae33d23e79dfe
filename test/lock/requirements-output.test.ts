// The lock as a requirements file: pip-compile's shape, deterministic, and read back by our own parser.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { formatRequirementsLock, targetsMarker } from "../../src/lock/requirements-output.js";
import type { SharedPin } from "../../src/resolve/index.js";
import { evaluateMarker, parseRequirementsFile } from "../../src/standards/index.js";
import { linuxTarget } from "../helpers/memory-provider.js";

const H = (c: string) => `sha256:${c.repeat(64)}`;
const pins: SharedPin[] = [
  { name: "lib", version: "2.0", extras: [], requestedBy: ["app==1.0", "root"], targets: [0, 1] },
  { name: "app", version: "1.0", extras: ["web"], requestedBy: ["root"], targets: [0, 1] },
  { name: "backport", version: "1.5", extras: [], requestedBy: ["app[web]==1.0"], targets: [0] },
];
const targets = [{ pythonFullVersion: "3.8.18" }, { pythonFullVersion: "3.11.7" }];
const text = formatRequirementsLock({
  pins,
  targets,
  hashes: new Map([["app", [H("b"), H("a")]], ["lib", [H("c")]], ["backport", [H("d")]]]),
  inputs: ["requirements.in"],
  command: "pyvendor lock -r requirements.in -o requirements.txt --python 3.8 --python 3.11",
});

test("pins by name with sorted hashes, a marker for a pin only some targets need, and who asked", () => {
  assert.equal(
    text,
    [
      "#",
      "# This file is made by pyvendor lock. Do not edit it: change the input and run",
      "#",
      "#    pyvendor lock -r requirements.in -o requirements.txt --python 3.8 --python 3.11",
      "#",
      "app==1.0 \\",
      `    --hash=${H("a")} \\`,
      `    --hash=${H("b")}`,
      "    # via -r requirements.in",
      'backport==1.5 ; python_version == "3.8" \\',
      `    --hash=${H("d")}`,
      "    # via app",
      "lib==2.0 \\",
      `    --hash=${H("c")}`,
      "    # via",
      "    #   -r requirements.in",
      "    #   app",
      "",
    ].join("\n"),
  );
});

test("our requirements-file parser reads it back: the pins, their hashes, and markers that select the right targets", () => {
  const parsed = parseRequirementsFile("requirements.txt", { readFile: () => text, cwd: "/work" });
  assert.deepEqual(parsed.requirements.map((l) => `${l.requirement.name}${l.requirement.specifier}`), ["app==1.0", "backport==1.5", "lib==2.0"]);
  assert.deepEqual(parsed.requirements[0]?.hashes, [H("a"), H("b")]);
  const backport = parsed.requirements[1]?.requirement.marker;
  assert.ok(backport);
  assert.equal(evaluateMarker(backport, linuxTarget("3.8.18").environment), true);
  assert.equal(evaluateMarker(backport, linuxTarget("3.11.7").environment), false);
});

test("hashes on every pin or none: a pin without one among hashed pins is E_HASH_REQUIRED naming it", () => {
  const input = { pins, targets, inputs: [], command: "pyvendor lock" };
  assert.throws(() => formatRequirementsLock({ ...input, hashes: new Map([["app", [H("a")]]]) }), (err: unknown) =>
    isPyvendorError(err, "E_HASH_REQUIRED") && /backport==1\.5, lib==2\.0/.test(err.message));
  assert.match(formatRequirementsLock({ ...input, hashes: new Map() }), /^lib==2\.0\n    # via\n    #   app\n    #   the command line\n$/m);
});

test("targets with the same minor version are told apart by their full version", () => {
  assert.equal(targetsMarker([{ pythonFullVersion: "3.11.4" }, { pythonFullVersion: "3.11.7" }], [1]), 'python_full_version == "3.11.7"');
  assert.equal(targetsMarker(targets, [0, 1]), "");
  assert.equal(targetsMarker([...targets, { pythonFullVersion: "3.12.1" }], [0, 2]), 'python_version == "3.8" or python_version == "3.12"');
});
