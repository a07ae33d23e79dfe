// Version sets as bitmasks over known versions, and their rendering as PEP 440 text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readableSpecifier } from "../../src/resolve/explain.js";
import { countVersions, highestIndex, makeUniverse, maskWhere, renderVersions, termVersions } from "../../src/resolve/version-set.js";

const universe = makeUniverse(["1.0", "1.5", "2.0", "2.5", "3.0"]);
const of = (...versions: string[]): bigint => maskWhere(universe, (v) => versions.includes(v));

test("sets render as ==, >=, <, bounded ranges, != and unions of those", () => {
  assert.equal(renderVersions(universe, of("2.0")), "==2.0");
  assert.equal(renderVersions(universe, of("2.0", "2.5", "3.0")), ">=2.0");
  assert.equal(renderVersions(universe, of("1.0", "1.5")), "<2.0");
  assert.equal(renderVersions(universe, of("1.5", "2.0")), ">=1.5, <2.5");
  assert.equal(renderVersions(universe, of("1.0", "1.5", "2.5", "3.0")), "!=2.0");
  assert.equal(renderVersions(universe, of("1.0", "3.0")), "==1.0 | ==3.0");
  assert.equal(renderVersions(universe, of("1.0", "1.5", "3.0")), "<2.0 | ==3.0");
  assert.equal(renderVersions(universe, universe.anyVersion), "");
  assert.equal(renderVersions(makeUniverse(["1.0"]), 1n), "==1.0");
});

test("terms: a negative term is about the versions it excludes; counts and the highest version", () => {
  const negative = universe.all & ~of("1.0", "1.5");
  assert.equal(renderVersions(universe, termVersions(universe, negative)), "<2.0");
  assert.equal(renderVersions(universe, termVersions(universe, of("3.0"))), "==3.0");
  assert.equal(countVersions(universe, negative), 3);
  assert.equal(highestIndex(universe, of("1.5", "2.0")), 2);
  assert.equal(highestIndex(universe, universe.none), -1);
});

test("requirement specifiers read with lower bounds first", () => {
  assert.equal(readableSpecifier("<2.0,>=1.0"), ">=1.0, <2.0");
  assert.equal(readableSpecifier("!=1.5,<2,>=1"), ">=1, <2, !=1.5");
  assert.equal(readableSpecifier(""), "");
});
