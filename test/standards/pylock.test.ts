// pylock.toml (PEP 751) as input: validation, selection per environment, and every refusal.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import fc from "fast-check";
import { PyvendorError, type ErrorCode } from "../../src/errors.js";
import { parsePylock, selectLockedPackages } from "../../src/standards/pylock.js";
import { assertOracleVersion, type OracleAnswer } from "../helpers/packaging-oracle.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases, type Outcome } from "./differential.js";
import { lockEnvironment, pylockText } from "./arbitraries/pylock.js";

before(assertOracleVersion);

const HASH = "ab".repeat(32);
const LINUX_311 = {
  implementation_name: "cpython", implementation_version: "3.11.7", os_name: "posix", platform_machine: "x86_64",
  platform_release: "6.5.0", platform_system: "Linux", platform_version: "#1", python_full_version: "3.11.7",
  platform_python_implementation: "CPython", python_version: "3.11", sys_platform: "linux",
};

const LOCK = `
lock-version = "1.0"
created-by = "uv"
requires-python = ">=3.9"
default-groups = ["dev"]

[[packages]]
name = "attrs"
version = "23.2.0"
wheels = [{ url = "https://files.example/attrs-23.2.0-py3-none-any.whl", size = 60000, upload-time = 2023-12-31T12:00:00Z, hashes = { sha256 = "${HASH}" } }]

[[packages]]
name = "colorama"
version = "0.4.6"
marker = 'sys_platform == "win32"'
sdist = { path = "vendor/colorama-0.4.6.tar.gz", hashes = { sha256 = "${HASH}" } }

[[packages]]
name = "pytest"
marker = '"dev" in dependency_groups'
requires-python = ">=3.8"
wheels = [
  { path = "wheels/pytest-8.0.0-py3-none-any.whl", hashes = { sha256 = "${HASH}" } },
  { name = "pytest-8.0.0-1-py3-none-any.whl", url = "https://mirror.example/p", hashes = { sha512 = "${HASH}${HASH}" } },
]
`;

test("pylock: packages that apply to a target, with their files, hashes and paths relative to the lock", () => {
  const lock = parsePylock(LOCK, { file: "/repo/pylock.toml" });
  const selected = selectLockedPackages(lock, LINUX_311);
  assert.deepEqual(selected.map((p) => `${p.name}==${p.version}`), ["attrs==23.2.0", "pytest==8.0.0"]);
  assert.deepEqual(selected[0]?.wheels, [
    {
      name: "attrs-23.2.0-py3-none-any.whl",
      url: "https://files.example/attrs-23.2.0-py3-none-any.whl",
      size: 60000,
      uploadTime: "2023-12-31T12:00:00.000Z",
      hashes: { sha256: HASH },
    },
  ]);
  assert.deepEqual(selected[1]?.wheels.map((w) => [w.name, w.path ?? w.url]), [
    ["pytest-8.0.0-py3-none-any.whl", "/repo/wheels/pytest-8.0.0-py3-none-any.whl"],
    ["pytest-8.0.0-1-py3-none-any.whl", "https://mirror.example/p"],
  ]);
  const windows = selectLockedPackages(lock, { ...LINUX_311, sys_platform: "win32" }, { dependencyGroups: [] });
  assert.deepEqual(windows.map((p) => p.name), ["attrs", "colorama"]);
  assert.equal(windows[1]?.sdist?.path, "/repo/vendor/colorama-0.4.6.tar.gz");
});

function expectError(fn: () => unknown, code: ErrorCode, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PyvendorError, String(error));
    assert.equal(error.message, message);
    assert.equal(error.code, code);
    return true;
  });
}

test("pylock: refusals name the file and the key", () => {
  const head = 'lock-version = "1.0"\ncreated-by = "t"\n';
  const wheel = (file: string) => `wheels = [{ url = "https://f.example/${file}", hashes = { sha256 = "${HASH}" } }]`;
  const rows: [string, ErrorCode, string][] = [
    ['lock-version = "2.0"\ncreated-by = "t"\npackages = []', "E_PYLOCK_UNSUPPORTED_VERSION", "pylock.toml: lock-version 2.0 is not supported (pyvendor reads 1.x)"],
    ["lock-version = 1.0\n", "E_PYLOCK_INVALID", "pylock.toml: lock-version: expected a string, found number"],
    ['lock-version = "1.0"\npackages = []', "E_PYLOCK_INVALID", "pylock.toml: created-by: is required"],
    [head, "E_PYLOCK_INVALID", "pylock.toml: packages: is required"],
    [`${head}[[packages]]\nname = "Foo_Bar"\n${wheel("x.whl")}`, "E_PYLOCK_INVALID", 'pylock.toml: packages[0].name: name "Foo_Bar" is not normalized'],
    [`${head}[[packages]]\nname = "foo"\nmarker = "os_name =="`, "E_PYLOCK_INVALID", 'pylock.toml: packages[0].marker: Invalid marker "os_name ==": Expected a marker variable or quoted string (at column 11)'],
    [`${head}[[packages]]\nname = "foo"\n${wheel("bar-1.0-py3-none-any.whl")}`, "E_PYLOCK_INVALID", "pylock.toml: packages[0].wheels[0]: bar-1.0-py3-none-any.whl is not a file of foo"],
    [`${head}[[packages]]\nname = "foo"\nversion = "2.0"\n${wheel("foo-1.0-py3-none-any.whl")}`, "E_PYLOCK_INVALID", "pylock.toml: packages[0].wheels[0]: foo-1.0-py3-none-any.whl is not version 2.0 of foo"],
    [`${head}[[packages]]\nname = "foo"\nwheels = [{ url = "https://f.example/foo-1.0-py3-none-any.whl", hashes = {} }]`, "E_PYLOCK_INVALID", "pylock.toml: packages[0].wheels[0].hashes: at least one hash must be given"],
    [`${head}[[packages]]\nname = "foo"\nwheels = [{ hashes = { sha256 = "${HASH}" } }]`, "E_PYLOCK_INVALID", "pylock.toml: packages[0].wheels[0]: a wheel needs a path or a url"],
    [`${head}[[packages]]\nname = "foo"`, "E_PYLOCK_INVALID", "pylock.toml: packages[0]: exactly one of vcs, directory, archive must be set when there is no sdist or wheel"],
    ["lock-version = \"1.0\n", "E_PYLOCK_INVALID", "pylock.toml:1:20: not valid TOML: control characters are not allowed in strings"],
  ];
  for (const [text, code, message] of rows) expectError(() => parsePylock(text, { file: "pylock.toml" }), code, message);
});

test("pylock: selection refuses targets the lock does not cover", () => {
  const lock = (extra: string) => parsePylock(`lock-version = "1.0"\ncreated-by = "t"\n${extra}`, { file: "pylock.toml" });
  expectError(() => selectLockedPackages(lock('requires-python = ">=3.12"\npackages = []'), LINUX_311), "E_REQUIRES_PYTHON",
    "pylock.toml: the lock file's requires-python >=3.12 does not include the target's Python 3.11.7");
  expectError(() => selectLockedPackages(lock('environments = ["sys_platform == \\"win32\\""]\npackages = []'), LINUX_311), "E_PYLOCK_ENVIRONMENT",
    "pylock.toml: the target environment matches none of the lock file's environments");
  const two = `[[packages]]\nname = "foo"\ndirectory = { path = "a" }\n[[packages]]\nname = "foo"\ndirectory = { path = "b" }`;
  expectError(() => selectLockedPackages(lock(two), LINUX_311), "E_PYLOCK_INVALID", "pylock.toml: packages[1] and packages[0] both lock foo for this environment");
  const editable = `[[packages]]\nname = "app"\ndirectory = { path = ".", editable = true }`;
  expectError(() => selectLockedPackages(lock(editable), LINUX_311), "E_EDITABLE_REQUIREMENT",
    "pylock.toml: packages[0]: app is an editable directory and cannot go into an offline bundle");
  const old = `[[packages]]\nname = "foo"\nrequires-python = "<3"\narchive = { url = "https://h/a.zip", hashes = { sha256 = "${HASH}" } }`;
  expectError(() => selectLockedPackages(lock(old), LINUX_311), "E_REQUIRES_PYTHON",
    "pylock.toml: foo (packages[0]) requires-python <3 does not include the target's Python 3.11.7");
});

function ours(text: string, envs: (typeof LINUX_311)[]): Outcome {
  return outcome(() => {
    const lock = parsePylock(text, { file: "pylock.toml" });
    const select = envs.map((env) => {
      const result = outcome(() => selectLockedPackages(lock, env).map((p) => p.name));
      return "ok" in result ? result : { err: "error" };
    });
    return { names: lock.packages.map((p) => p.name), select };
  });
}

function same(a: Outcome, b: OracleAnswer): boolean {
  if (b.err !== undefined) return "err" in a;
  if (!("ok" in a)) return false;
  const x = a.ok as { names: string[]; select: Outcome[] };
  const y = b.ok as { names: string[]; select: OracleAnswer[] };
  return (
    JSON.stringify(x.names) === JSON.stringify(y.names) &&
    x.select.every((r, i) => {
      const t = y.select[i] as OracleAnswer;
      return t.err !== undefined ? "err" in r : "ok" in r && JSON.stringify(r.ok) === JSON.stringify(t.ok);
    })
  );
}

test("pylock: validation and selection agree with packaging's Pylock.from_dict and select()", async (t) => {
  const plan = fuzzPlan(2000, (m) => t.diagnostic(m));
  const cases = fc.tuple(pylockText, fc.array(lockEnvironment, { minLength: 1, maxLength: 3 }));
  await assertSameAsPackaging({
    inputs: sampleCases(cases, plan),
    request: ([text, envs]) => ({ op: "pylock", text, envs }),
    ours: ([text, envs]) => ours(text, envs),
    same,
  });
});
