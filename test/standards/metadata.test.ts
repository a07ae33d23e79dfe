// Core metadata and WHEEL files: the fields pyvendor reads, and the RFC 822 layer against Python's parser.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import fc from "fast-check";
import { PyvendorError } from "../../src/errors.js";
import { parseCoreMetadata, parseWheelInfo } from "../../src/standards/metadata.js";
import { parseRfc822 } from "../../src/standards/rfc822.js";
import { assertOracleVersion } from "../helpers/packaging-oracle.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases } from "./differential.js";

before(assertOracleVersion);

const METADATA_24 = [
  "Metadata-Version: 2.4",
  "Name: Example_Pkg",
  "Version: 1.2.0",
  "Summary: An example",
  "  that continues",
  "Requires-Python: >=3.9",
  "Requires-Dist: requests>=2.31",
  'Requires-Dist: pytest; extra == "Test_Suite"',
  "Provides-Extra: Test_Suite",
  "Dynamic: Requires-Dist",
  "License-Expression: MIT",
  "Description-Content-Type: text/markdown",
  "",
  "# Example",
  "",
  "The long description.",
  "",
].join("\n");

test("core metadata 2.4: fields, multi-use fields, continuation lines, description in the body", () => {
  const m = parseCoreMetadata(METADATA_24);
  assert.equal(m.metadataVersion, "2.4");
  assert.equal(m.name, "Example_Pkg");
  assert.equal(m.version, "1.2.0");
  assert.equal(m.summary, "An example  that continues");
  assert.equal(m.requiresPython, ">=3.9");
  assert.deepEqual(m.requiresDist, ["requests>=2.31", 'pytest; extra == "Test_Suite"']);
  assert.deepEqual(m.providesExtra, ["test-suite"]);
  assert.deepEqual(m.dynamic, ["Requires-Dist"]);
  assert.equal(m.descriptionContentType, "text/markdown");
  assert.equal(m.description, "# Example\n\nThe long description.\n");
  assert.deepEqual(m.headers["summary"], ["An example\n  that continues"]);
  assert.deepEqual(m.headers["license-expression"], ["MIT"]);
});

test("core metadata 1.x: CRLF lines, description in a header with '       |' continuations", () => {
  const text = "Metadata-Version: 1.1\r\nName: old\r\nVersion: 0.1dev\r\nDescription: first\r\n       |second\r\n       |\r\n       |  indented\r\n";
  const m = parseCoreMetadata(text);
  assert.equal(m.version, "0.1dev");
  assert.equal(m.description, "first\nsecond\n\n  indented");
  assert.deepEqual(m.requiresDist, []);
  assert.equal(m.requiresPython, undefined);
});

test("core metadata without Name, Version or Metadata-Version, or with two Names, is E_INVALID_METADATA", () => {
  const cases: [string, string][] = [
    ["Name: x\nVersion: 1\n", "The metadata has no Metadata-Version field"],
    ["Metadata-Version: 2.1\nVersion: 1\n", "The metadata has no Name field"],
    ["Metadata-Version: 2.1\nName: x\n", "The metadata has no Version field"],
    ["Metadata-Version: 2.1\nName: x\nName: y\nVersion: 1\n", "The metadata has 2 Name fields; it may have one"],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseCoreMetadata(text), (e: unknown) => e instanceof PyvendorError && e.code === "E_INVALID_METADATA" && e.message === message);
  }
});

test("WHEEL files: version, purelib flag, repeated Tag, Build", () => {
  const info = parseWheelInfo(
    "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.42.0)\nRoot-Is-Purelib: false\nTag: cp311-cp311-manylinux_2_17_x86_64\nTag: CP311-cp311-manylinux2014_x86_64\nBuild: 1\n",
  );
  assert.deepEqual(info, {
    wheelVersion: "1.0",
    rootIsPurelib: false,
    tags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"],
    build: "1",
    generator: "bdist_wheel (0.42.0)",
  });
  assert.equal(parseWheelInfo("Wheel-Version: 1.0\nRoot-Is-Purelib: True\nTag: py3-none-any\n").rootIsPurelib, true);
  // No Tag is valid (the file name's tags stand), as pip and uv install such wheels.
  assert.deepEqual(parseWheelInfo("Wheel-Version: 1.0\nRoot-Is-Purelib: true\n").tags, []);
  const bad: [string, string][] = [
    ["Root-Is-Purelib: true\nTag: py3-none-any\n", "The WHEEL file has no Wheel-Version field"],
    ["Wheel-Version: one\nRoot-Is-Purelib: true\nTag: py3-none-any\n", 'The WHEEL file has an invalid Wheel-Version "one"'],
    ["Wheel-Version: 1.0\nRoot-Is-Purelib: yes\nTag: py3-none-any\n", 'The WHEEL file has Root-Is-Purelib "yes"; it must be true or false'],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseWheelInfo(text), (e: unknown) => e instanceof PyvendorError && e.code === "E_INVALID_METADATA" && e.message === message);
  }
});

const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("Name: x", "Version:1.0", "Requires-Dist: a; extra == 'b'", "Summary:   padded  ", "X-Empty:", "Keywords: a,b") },
  { weight: 2, arbitrary: fc.constantFrom("  continued", "\tcontinued", "       |piped", " ") },
  { weight: 2, arbitrary: fc.constantFrom("", "not a header", ":no name", "From someone", "Bad Header: x", "Ünicode: x", "body text") },
);

test("the RFC 822 layer reads headers and body exactly as Python's email parser (compat32)", async (t) => {
  const plan = fuzzPlan(3000, (m) => t.diagnostic(m));
  const text = fc
    .tuple(fc.array(fc.tuple(line, fc.constantFrom("\n", "\n", "\r\n", "\r")), { maxLength: 10 }), fc.boolean())
    .map(([lines, end]) => lines.map(([l, br]) => l + br).join("") + (end ? "" : "tail"));
  await assertSameAsPackaging({
    inputs: sampleCases(text, plan),
    request: (t2) => ({ op: "email", text: t2 }),
    ours: (t2) => outcome(() => parseRfc822(t2)),
  });
});
