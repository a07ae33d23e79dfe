// fast-check generators of PEP 508 markers, marker environments and requirement strings.
import fc from "fast-check";
import { specifierSetText, wellFormedVersion } from "./versions.js";

const variables = fc.constantFrom(
  "python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform",
  "platform_release", "platform_system", "platform_version", "platform_machine", "platform.machine",
  "platform_python_implementation", "platform.python_implementation", "python_implementation",
  "implementation_name", "implementation_version", "extra", "extra", "extra",
);

const values = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("3", "3.8", "3.11", "3.12", "2.7", "3.11.7", "3.13.0rc1", "3.10.0+", "3.*", "3.1") },
  { weight: 3, arbitrary: fc.constantFrom("posix", "nt", "linux", "win32", "darwin", "Linux", "Windows", "x86_64", "aarch64") },
  { weight: 2, arbitrary: fc.constantFrom("cpython", "CPython", "PyPy", "6.5.0-1-amd64", "5.10", "#1 SMP", "") },
  { weight: 3, arbitrary: fc.constantFrom("test", "Foo_Bar", "foo-bar", "foo.bar", "TESTS", "security", "s3") },
  { weight: 2, arbitrary: wellFormedVersion },
  { weight: 1, arbitrary: fc.constantFrom("lin", "ux", "3.1", "a b", "it's", 'say "x"', "tab\\there", "\\x41", "\\u00e9") },
);

const operators = fc.constantFrom("==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in", "==", ">=", "<");
const ws = fc.constantFrom("", " ", " ", "  ", "\t");

const quoted = values.chain((v) =>
  v.includes("'") ? fc.constant(`"${v}"`) : v.includes('"') ? fc.constant(`'${v}'`) : fc.constantFrom(`"${v}"`, `'${v}'`),
);

/** One comparison: variable op "value" (sometimes "value" op variable, or two of a kind). */
const comparison = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: fc.tuple(variables, quoted) }, { weight: 2, arbitrary: fc.tuple(quoted, variables) }, { weight: 1, arbitrary: fc.tuple(variables, variables) }),
    ws, operators, ws,
  )
  .map(([[a, b], w1, op, w2]) => `${a}${w1 === "" && /^[a-z]/.test(op) ? " " : w1}${op}${w2 === "" && /^[a-z]/.test(op) ? " " : w2}${b}`);

const markerLetrec = fc.letrec((tie) => ({
  atom: fc.oneof(
    { weight: 5, arbitrary: comparison },
    { weight: 1, arbitrary: fc.tuple(ws, tie("expr"), ws).map(([a, e, b]) => `(${a}${e}${b})`) },
  ),
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("atom"),
    fc.tuple(tie("atom"), fc.constantFrom(" and ", " or ", "  and\t", " or "), tie("expr")).map((p) => p.join("")),
  ),
}));

const junk = fc.constantFrom("(", ")", '"', "'", " and", "or ", "==", "extra", "not", ";", "@", "\n", "é");

/** A marker expression, mostly valid, sometimes with one random edit. */
export const markerText = fc.oneof(
  { weight: 8, arbitrary: markerLetrec.expr as fc.Arbitrary<string> },
  {
    weight: 2,
    arbitrary: fc.tuple(markerLetrec.expr as fc.Arbitrary<string>, fc.nat(), junk, fc.boolean()).map(([m, at, ch, del]) => {
      const i = at % (m.length + 1);
      return del ? m.slice(0, i) + m.slice(i + 1) : m.slice(0, i) + ch + m.slice(i);
    }),
  },
);

/** Complete marker environments (packaging fills missing keys from its own interpreter). */
export const markerEnvironment = fc.record({
  implementation_name: fc.constantFrom("cpython", "pypy"),
  implementation_version: fc.constantFrom("3.11.7", "3.13.0rc1", "7.3.13", "3.12.1"),
  os_name: fc.constantFrom("posix", "nt"),
  platform_machine: fc.constantFrom("x86_64", "aarch64", "AMD64", "arm64"),
  platform_release: fc.constantFrom("6.5.0-1-amd64", "5.10", "10", "23.1.0", "3.11.7"),
  platform_system: fc.constantFrom("Linux", "Windows", "Darwin"),
  platform_version: fc.constantFrom("#1 SMP PREEMPT_DYNAMIC Debian 6.5.3-1", "10.0.19045", "3.8"),
  python_full_version: fc.constantFrom("3.11.7", "3.8.18", "3.13.0rc1", "3.12.0+", "2.7.18", "3.10.0"),
  platform_python_implementation: fc.constantFrom("CPython", "PyPy"),
  python_version: fc.constantFrom("3.11", "3.8", "3.13", "2.7", "3.10", "3.1"),
  sys_platform: fc.constantFrom("linux", "win32", "darwin"),
  extra: fc.constantFrom("", "", "test", "Foo_Bar", "foo-bar", "TESTS", "security"),
});

const names = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("requests", "Foo_Bar", "zope.interface", "a", "x-y", "Django", "pkg1") },
  { weight: 1, arbitrary: fc.constantFrom("-foo", "foo-", "_x", "é", "foo bar", "", "1") },
);
const extrasList = fc
  .array(fc.constantFrom("socks", "Foo_Bar", "foo-bar", "tests", "S3", "a.b", "-x", ""), { maxLength: 3 })
  .chain((xs) => fc.constantFrom(",", ", ", " , ").map((j) => `[${xs.join(j)}]`));
const urls = fc.constantFrom(
  "https://example.com/pkg-1.0.tar.gz", "file:///tmp/pkg-1.0-py3-none-any.whl", "git+https://g.com/x.git@v1#egg=x",
  "https://h/p.whl#sha256=abc", "./local", "https://h/a;b",
);

/** Requirement strings: names, extras, specifiers (bare or in parentheses), URLs and markers. */
export const requirementText = fc
  .tuple(
    ws, names, ws,
    fc.option(extrasList, { freq: 3 }).map((e) => e ?? ""),
    ws,
    fc.oneof(
      { weight: 5, arbitrary: specifierSetText },
      { weight: 2, arbitrary: specifierSetText.map((s) => `(${s})`) },
      { weight: 2, arbitrary: fc.tuple(ws, urls).map(([w, u]) => `@${w}${u}`) },
    ),
    fc.option(fc.tuple(fc.constantFrom(";", " ;", "; ", " ; "), markerText).map(([s, m]) => s + m), { freq: 3 }).map((m) => m ?? ""),
    ws,
  )
  .map(([w0, name, w1, extras, w2, details, marker, w3]) => {
    const sep = details.startsWith("@") && marker !== "" ? " " : "";
    return `${w0}${name}${w1}${extras}${w2}${details}${sep}${marker}${w3}`;
  });
