// Markers and requirements through the public API: what a user writes and what pyvendor decides.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PyvendorError } from "../../src/errors.js";
import { evaluateMarker, markerToString, parseMarker, type MarkerEnvironment } from "../../src/standards/markers.js";
import { parseRequirement, requirementToString } from "../../src/standards/requirement.js";

const linux311: MarkerEnvironment = {
  implementation_name: "cpython", implementation_version: "3.11.7", os_name: "posix", platform_machine: "x86_64",
  platform_release: "6.5.0-1-amd64", platform_system: "Linux", platform_version: "#1 SMP", python_full_version: "3.11.7",
  platform_python_implementation: "CPython", python_version: "3.11", sys_platform: "linux",
};

const rows: [marker: string, env: Record<string, string>, expected: boolean][] = [
  ['python_version >= "3.8"', {}, true],
  ['python_version > "3.9"', {}, true], // versions, not strings ("3.11" < "3.9" as text)
  ['python_full_version < "3.11.7"', {}, false],
  ['"3.12" > python_version', {}, true],
  ['python_version == "3.*"', {}, true], // a wildcard specifier
  ['python_version == "3.11.*"', {}, true],
  ['platform_release >= "6.5"', {}, false], // "6.5.0-1-amd64" is not PEP 440: string comparison, >= means ==
  ['sys_platform == "linux" and (os_name == "nt" or platform_machine == "x86_64")', {}, true],
  ['sys_platform == "win32" or python_version < "3" and os_name == "posix"', {}, false],
  ["'lin' in sys_platform", {}, true],
  ['platform_system not in "Windows Darwin"', {}, true],
  ['extra == "tests"', {}, false], // no extra means ""
  ['extra == "Test_Suite"', { extra: "test-suite" }, true], // PEP 685 normalization on both sides
  ['extra == "test-suite"', { extra: "TEST.SUITE" }, true],
  ['implementation_name == "cpython" and platform_python_implementation == "CPython"', {}, true],
];

test("markers evaluate as PEP 508 and packaging say", () => {
  for (const [text, extra, expected] of rows) {
    assert.equal(evaluateMarker(parseMarker(text), { ...linux311, ...extra }), expected, text);
  }
});

test("markers print in packaging's normal form", () => {
  assert.equal(markerToString(parseMarker("os.name=='posix'and(python_version<'3.9')")), 'os_name == "posix" and python_version < "3.9"');
  assert.equal(markerToString(parseMarker('extra == "Foo_Bar" or (extra == "Foo_Bar")')), 'extra == "foo-bar" or extra == "Foo_Bar"');
  assert.equal(markerToString(parseMarker("python_implementation == 'PyPy'")), 'platform_python_implementation == "PyPy"');
});

test("markers that cannot be read or evaluated are E_INVALID_MARKER", () => {
  const fails = (fn: () => unknown, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof PyvendorError && e.code === "E_INVALID_MARKER" && e.message === message);
  fails(() => parseMarker('python_version >= "3.8" and'), 'Invalid marker "python_version >= \\"3.8\\" and": Expected a marker variable or quoted string (at column 28)');
  fails(() => parseMarker("os_name = 'nt'"), `Invalid marker "os_name = 'nt'": Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in (at column 9)`);
  fails(() => evaluateMarker(parseMarker('sys_platform == "linux"'), { os_name: "posix" }), "The marker uses sys_platform, which the target environment does not define");
  fails(() => evaluateMarker(parseMarker('os_name ~= "posix"'), linux311), 'Undefined comparison "posix" ~= "posix"');
});

test("requirements keep the name as written, normalize extras, and print as packaging does", () => {
  const req = parseRequirement(' Requests [Socks, security,socks] >= 2.8.1 , == 2.8.* ; python_version < "3.12" ');
  assert.equal(req.name, "Requests");
  assert.deepEqual(req.extras, ["security", "socks"]);
  assert.equal(req.specifier, "==2.8.*,>=2.8.1");
  assert.equal(requirementToString(req), 'Requests[Socks,security,socks]==2.8.*,>=2.8.1; python_version < "3.12"');
  const direct = parseRequirement("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; os_name == 'posix'");
  assert.equal(direct.url, "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee");
  assert.equal(requirementToString(direct), 'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; os_name == "posix"');
  assert.equal(requirementToString({ name: "x", extras: ["a-b"], specifier: "==1" }), "x[a-b]==1");
});

test("invalid requirements are E_INVALID_REQUIREMENT with packaging's reason and the column", () => {
  assert.throws(
    () => parseRequirement("foo >= 1.0 bar"),
    (e: unknown) =>
      e instanceof PyvendorError &&
      e.code === "E_INVALID_REQUIREMENT" &&
      e.message === 'Invalid requirement "foo >= 1.0 bar": Expected comma (within version specifier), semicolon (after version specifier) or end (at column 5)' &&
      e.data.position === 4,
  );
  assert.throws(() => parseRequirement("foo >= 1.0+local"), /Local version label can only be used with `==` or `!=` operators/);
});
