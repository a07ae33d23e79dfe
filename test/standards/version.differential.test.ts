// Versions, specifiers and specifier sets agree with packaging on thousands of generated inputs.
import { before, test } from "node:test";
import fc from "fast-check";
import { assertOracleVersion } from "../helpers/packaging-oracle.js";
import {
  compareVersions,
  filterVersions,
  isPrerelease,
  normalizeSpecifierSet,
  normalizeVersion,
  versionSatisfies,
} from "../../src/standards/version.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases } from "./differential.js";
import {
  neighbours,
  prereleaseOption,
  specifierSetText,
  versionText,
  versionsIn,
  wellFormedVersion,
} from "./arbitraries/versions.js";

const pre = (p: boolean | undefined): boolean | null => (p === undefined ? null : p);

before(assertOracleVersion);

test("versions parse, normalize and classify as packaging's Version", async (t) => {
  const plan = fuzzPlan(5000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(versionText, plan),
    request: (text) => ({ op: "version", text }),
    ours: (text) => outcome(() => ({ str: normalizeVersion(text), pre: isPrerelease(text) })),
  });
});

test("versions order as packaging's Version comparison", async (t) => {
  const plan = fuzzPlan(5000, (m) => t.diagnostic(m));
  const pair = fc.oneof(
    fc.tuple(wellFormedVersion, wellFormedVersion),
    wellFormedVersion.chain((v) => fc.tuple(fc.constant(v), fc.constantFrom(...neighbours(v)))),
  );
  await assertSameAsPackaging({
    inputs: sampleCases(pair, plan),
    request: ([a, b]) => ({ op: "compare", a, b }),
    ours: ([a, b]) => outcome(() => compareVersions(a, b)),
  });
});

test("specifier sets are accepted, refused and printed as packaging's SpecifierSet", async (t) => {
  const plan = fuzzPlan(5000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(specifierSetText, plan),
    request: (text) => ({ op: "specset", text }),
    ours: (text) => outcome(() => normalizeSpecifierSet(text)),
  });
});

// Candidates are mostly neighbours of the set's own versions, where the edge cases live.
const containsCase = specifierSetText.chain((spec) => {
  const near = versionsIn(spec).flatMap(neighbours);
  const item = near.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...near) }, versionText) : versionText;
  return fc.tuple(fc.constant(spec), item, prereleaseOption);
});

test("SpecifierSet.contains gives packaging's answers, prereleases None/True/False", async (t) => {
  const plan = fuzzPlan(6000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(containsCase, plan),
    request: ([spec, item, p]) => ({ op: "contains", spec, item, pre: pre(p) }),
    ours: ([spec, item, p]) => outcome(() => versionSatisfies(item, spec, { prereleases: p })),
  });
});

const filterCase = specifierSetText.chain((spec) => {
  const near = versionsIn(spec).flatMap(neighbours);
  const item = near.length > 0 ? fc.oneof(fc.constantFrom(...near), versionText) : versionText;
  return fc.tuple(fc.constant(spec), fc.array(item, { maxLength: 6 }), prereleaseOption);
});

test("SpecifierSet.filter keeps packaging's items in order", async (t) => {
  const plan = fuzzPlan(3000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(filterCase, plan),
    request: ([spec, items, p]) => ({ op: "filter", spec, items, pre: pre(p) }),
    ours: ([spec, items, p]) => outcome(() => filterVersions(items, spec, { prereleases: p })),
  });
});
