// Wheel ranking and file-name helpers: the choices a user sees when a bundle picks wheels.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import {
  expandTagSet,
  parseSdistFilename,
  parseWheelFilename,
  selectBestWheel,
  wheelFilenameMatches,
  wheelTagRank,
} from "../../src/standards/tags.js";

const supported = [
  "cp311-cp311-manylinux_2_17_x86_64",
  "cp311-cp311-manylinux2014_x86_64",
  "cp311-cp311-linux_x86_64",
  "cp311-abi3-manylinux_2_17_x86_64",
  "cp311-none-manylinux_2_17_x86_64",
  "cp310-abi3-manylinux_2_17_x86_64",
  "py3-none-manylinux_2_17_x86_64",
  "cp311-none-any",
  "py3-none-any",
  "py2-none-any",
];

test("wheel file names: compressed tag sets expand, build tags split, names and versions normalize", () => {
  assert.deepEqual(parseWheelFilename("Foo_Bar-1.0.0-1abc-py2.py3-none-any.whl"), {
    name: "foo-bar",
    version: "1.0.0",
    build: { number: 1, tag: "abc" },
    tags: ["py2-none-any", "py3-none-any"],
  });
  assert.deepEqual(parseWheelFilename("numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl").tags, [
    "cp311-cp311-manylinux_2_17_x86_64",
    "cp311-cp311-manylinux2014_x86_64",
  ]);
  assert.deepEqual(expandTagSet("CP311.py3-None-ANY"), ["cp311-none-any", "py3-none-any"]);
});

test("wheel and sdist file names that break the rules are refused with E_INVALID_FILENAME", () => {
  const bad: [string, RegExp][] = [
    ["foo-1.0-py3-none-any.zip", /extension must be \.whl/],
    ["foo-1.0-py3-any.whl", /wrong number of parts/],
    ["foo__bar-1.0-py3-none-any.whl", /invalid project name/],
    ["foo-1.0.x-py3-none-any.whl", /invalid version/],
    ["foo-1.0-x1-py3-none-any.whl", /invalid build number/],
  ];
  for (const [filename, reason] of bad) {
    assert.throws(
      () => parseWheelFilename(filename),
      (e: unknown) => isPyvendorError(e, "E_INVALID_FILENAME") && reason.test(e.message) && e.message.includes(filename),
    );
  }
  assert.deepEqual(parseSdistFilename("Foo.Bar-2.0rc1.tar.gz"), { name: "foo-bar", version: "2.0rc1", extension: ".tar.gz" });
  assert.throws(() => parseSdistFilename("foo-1.0.tar.bz2"), (e: unknown) => isPyvendorError(e, "E_INVALID_FILENAME"));
  assert.throws(() => parseSdistFilename("foo.zip"), /no dash/);
});

test("wheelFilenameMatches compares normalized project names", () => {
  assert.equal(wheelFilenameMatches("zope.interface-6.0-cp311-cp311-linux_x86_64.whl", "Zope-Interface"), true);
  assert.equal(wheelFilenameMatches("zope.interface-6.0-cp311-cp311-linux_x86_64.whl", "zope"), false);
  assert.equal(wheelFilenameMatches("not a wheel.whl", "not"), false);
});

test("wheelTagRank is the index of the best supported tag, undefined when none is supported", () => {
  assert.equal(wheelTagRank(["py3-none-any"], supported), 8);
  assert.equal(wheelTagRank(["py2-none-any", "py3-none-any"], supported), 8);
  assert.equal(wheelTagRank(["cp311-abi3-manylinux_2_17_x86_64", "cp311-abi3-manylinux2014_x86_64"], supported), 3);
  assert.equal(wheelTagRank(["cp312-cp312-manylinux_2_17_x86_64"], supported), undefined);
});

test("selectBestWheel prefers the lower tag rank, then the higher build tag, then the earlier file", () => {
  const files = (...names: string[]) => names.map((filename) => ({ filename }));
  const pick = (...names: string[]) => selectBestWheel(files(...names), supported)?.filename;
  assert.equal(
    pick("pkg-1.0-py3-none-any.whl", "pkg-1.0-cp311-abi3-manylinux_2_17_x86_64.whl", "pkg-1.0-cp311-cp311-linux_x86_64.whl"),
    "pkg-1.0-cp311-cp311-linux_x86_64.whl",
  );
  assert.equal(pick("pkg-1.0-py3-none-any.whl", "pkg-1.0-2-py3-none-any.whl", "pkg-1.0-10-py3-none-any.whl"), "pkg-1.0-10-py3-none-any.whl");
  assert.equal(pick("pkg-1.0-1a-py3-none-any.whl", "pkg-1.0-1b-py3-none-any.whl"), "pkg-1.0-1b-py3-none-any.whl");
  assert.equal(pick("pkg-1.0-py3-none-any.whl", "pkg-1.0-py2.py3-none-any.whl"), "pkg-1.0-py3-none-any.whl");
  assert.equal(pick("pkg-1.0-cp312-cp312-win_amd64.whl", "broken.whl"), undefined);
});
