// Where @renovatebot/pep440 4.2.4 and packaging 26.2 disagree: pyvendor answers as packaging does.
// Each row names the library's (wrong) answer in `library`, for the record; the assertion is ours.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compareVersions,
  filterVersions,
  isValidSpecifierSet,
  isValidVersion,
  normalizeSpecifierSet,
  normalizeVersion,
  versionSatisfies,
} from "../../src/standards/version.js";

interface ContainsRow {
  spec: string;
  version: string;
  prereleases?: boolean;
  packaging: boolean;
  library: boolean;
  why: string;
}

const contains: ContainsRow[] = [
  { spec: "<1.0.post1", version: "1.0", packaging: true, library: false, why: "< only excludes pre-releases of the bound, not equal release segments" },
  { spec: ">1.0", version: "1.0.post1", packaging: false, library: false, why: "(agrees) > excludes post-releases of the bound" },
  { spec: ">1.0.dev1", version: "1.0.post1", packaging: true, library: false, why: "> compares full versions; only same-base post-releases are excluded" },
  { spec: "==1.0+a", version: "1.0+b", packaging: false, library: true, why: "a local label in the specifier must match exactly" },
  { spec: "==1.0.*", version: "1", packaging: true, library: false, why: "wildcards pad the candidate's release with zeros" },
  { spec: "==1.0.0.*", version: "1.0", packaging: true, library: false, why: "wildcards pad the candidate's release with zeros" },
  { spec: ">=1.0", version: "2.0a1", packaging: true, library: false, why: "contains() with prereleases=None accepts a matching pre-release" },
  { spec: "!=1.0", version: "1.0a1", packaging: true, library: false, why: "contains() with prereleases=None accepts a matching pre-release" },
  { spec: "~=1.0", version: "1.1a1", packaging: true, library: false, why: "contains() with prereleases=None accepts a matching pre-release" },
  { spec: "", version: "1.0a1", packaging: true, library: false, why: "the empty set contains every version in packaging 26" },
  { spec: "~=v1.0", version: "1.5", packaging: false, library: true, why: "packaging builds the ~= prefix from the text as written (\"v1\")" },
  { spec: "~=1.0c1", version: "1.1", packaging: false, library: true, why: "\"c1\" is not a suffix for packaging's ~= prefix, so ~=1.0c1 means ==1.0.*" },
];

test("specifier matching where the library differs from packaging", () => {
  for (const row of contains) {
    const got = versionSatisfies(row.version, row.spec, row.prereleases === undefined ? {} : { prereleases: row.prereleases });
    assert.equal(got, row.packaging, `${row.version} in ${JSON.stringify(row.spec)}: ${row.why} (library: ${row.library})`);
  }
});

test("versions: numbers beyond 2^53, local segments that look like numbers, Python whitespace", () => {
  assert.equal(compareVersions("9007199254740993", "9007199254740992"), 1); // library: 0
  assert.equal(compareVersions("1.99999999999999999999", "1.100000000000000000000"), -1); // library: 0
  assert.equal(normalizeVersion("1.0+0x1"), "1.0+0x1"); // library: "1.0+1"
  assert.equal(normalizeVersion("1.0+1e3"), "1.0+1e3"); // library: "1.0+1000"
  assert.equal(normalizeVersion("1.0+Infinity"), "1.0+infinity"); // library: "1.0+Infinity"
  assert.equal(compareVersions("1.0+0x1", "1.0+1"), -1); // library: 0 (strings sort before numbers)
  assert.equal(normalizeVersion("\u00a01.0\u2003"), "1.0"); // library valid(): null
  assert.equal(isValidVersion("\ufeff1.0"), false); // library clean(): "1.0" (U+FEFF is not Python whitespace)
});

test("specifier grammar and printing", () => {
  assert.equal(isValidSpecifierSet("==1.0a1.*"), false); // library: valid
  assert.equal(isValidSpecifierSet("==="), true); // library: invalid (packaging allows an empty arbitrary version)
  assert.equal(normalizeSpecifierSet(">= 1.0, ==1.0.0,==1"), "==1,>=1.0"); // sorted; ==1 and ==1.0.0 are one specifier
  assert.equal(normalizeSpecifierSet("== v1.0"), "==v1.0"); // the version is printed as written
});

test("filter keeps pre-releases only when no final release matches", () => {
  assert.deepEqual(filterVersions(["1.0a1", "0.9"], ">=0.5"), ["0.9"]);
  assert.deepEqual(filterVersions(["1.0a1", "2.0b1"], ">=1.5"), ["2.0b1"]);
  assert.deepEqual(filterVersions(["1.0a1", "1.0"], ""), ["1.0"]);
  assert.deepEqual(filterVersions(["foo", "1.0"], "===foo"), ["foo"]);
  assert.deepEqual(filterVersions(["2.0a1", "1.0"], ">=1.0", { prereleases: true }), ["2.0a1", "1.0"]);
});
