// fast-check generators of pylock.toml documents (valid and subtly invalid) and target environments.
import fc from "fast-check";

const HASH = `{ sha256 = "${"ab".repeat(32)}" }`;
const q = (s: string) => JSON.stringify(s);

// Each kind of mistake shows up in a few percent of the entries, so most documents stay valid.
const rarely = <T>(usual: fc.Arbitrary<T>, mistake: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 19, arbitrary: usual }, { weight: 1, arbitrary: mistake });

const names = rarely(
  fc.constantFrom("attrs", "numpy", "six", "foo-bar", "idna", "certifi", "click", "jinja2", "markupsafe", "pytest", "urllib3", "zipp"),
  fc.constant("Foo_Bar"),
);
const versions = rarely(fc.constantFrom("1.0", "2.0", "1.0.0"), fc.constant("bad version"));

const wheelTags = fc.constantFrom("py3-none-any", "cp311-cp311-manylinux_2_17_x86_64", "cp38-abi3-win_amd64", "py2.py3-none-any");

function wheelEntry(name: string, version: string): fc.Arbitrary<string> {
  const file = fc.tuple(rarely(fc.constantFrom(name.replace(/-/g, "_"), name), fc.constant("other")), rarely(fc.constant(version), fc.constant("9.9")), wheelTags)
    .map(([n, v, t]) => `${n}-${v}-${t}.whl`);
  return fc.tuple(file, rarely(fc.constantFrom("url", "path", "name+url"), fc.constant("none")), rarely(fc.constant(HASH), fc.constant("{}")))
    .map(([f, how, hashes]) => {
      const loc = how === "url" ? `url = ${q(`https://files.example/${f}`)}` : how === "path" ? `path = ${q(`wheels/${f}`)}` : how === "name+url" ? `name = ${q(f)}, url = "https://files.example/x"` : `name = ${q(f)}`;
      return `{ ${loc}, hashes = ${hashes} }`;
    });
}

const marker = rarely(
  fc.constantFrom(
    'sys_platform == "win32"', '"dev" in dependency_groups', '"socks" in extras', 'python_version < "3.9"',
    'platform_machine == "x86_64"', '"dev" not in dependency_groups',
  ),
  fc.constantFrom('extra == "x"', "python_version >>"),
);

const packageTable = fc
  .tuple(names, fc.option(versions, { freq: 4 }), fc.option(marker, { freq: 2 }), fc.option(rarely(fc.constantFrom(">=3.8", ">=3.9", "!=3.10.*"), fc.constantFrom("<3", "==3.11.*")), { freq: 4 }))
  .chain(([name, version, m, rp]) =>
    fc.tuple(
      fc.constant([name, version, m, rp] as const),
      fc.oneof(
        { weight: 15, arbitrary: fc.array(wheelEntry(name, version ?? "1.0"), { minLength: 1, maxLength: 2 }).map((ws) => `wheels = [${ws.join(", ")}]`) },
        { weight: 6, arbitrary: rarely(fc.constant(name.replace(/-/g, "_")), fc.constant("wrong")).map((n) => `sdist = { path = ${q(`sdists/${n}-${version ?? "1.0"}.tar.gz`)}, hashes = ${HASH} }`) },
        { weight: 3, arbitrary: fc.constant(`archive = { url = "https://h.example/a.zip", hashes = ${HASH} }`) },
        { weight: 3, arbitrary: fc.constant(`vcs = { type = "git", url = "https://g.example/r.git", commit-id = "abc" }`) },
        { weight: 3, arbitrary: fc.constant(`directory = { path = "src/pkg" }`) },
        { weight: 1, arbitrary: fc.constant(`directory = { path = "src" }\narchive = { path = "a.zip", hashes = ${HASH} }`) },
        { weight: 1, arbitrary: fc.constant("") },
      ),
    ),
  )
  .map(([[name, version, m, rp], source]) =>
    [
      "[[packages]]",
      `name = ${q(name)}`,
      version === null ? "" : `version = ${q(version)}`,
      m === null ? "" : `marker = ${q(m)}`,
      rp === null ? "" : `requires-python = ${q(rp)}`,
      source,
    ].filter(Boolean).join("\n"),
  );

/** A pylock.toml text: top-level keys (sometimes wrong) and 0-5 packages. */
export const pylockText = fc
  .tuple(
    rarely(fc.constantFrom("1.0", "1.0", "1.1"), fc.constantFrom("2.0", "0.9", "x")),
    rarely(fc.constant(true), fc.constant(false)),
    fc.option(rarely(fc.constantFrom(">=3.8", ">=3.8", ">=3.12", "<3"), fc.constant("bad!!")), { freq: 4 }),
    fc.option(fc.constantFrom('["sys_platform == \\"linux\\""]', '["python_version >= \\"3.10\\"", "os_name == \\"nt\\""]', "[]"), { freq: 3 }),
    fc.option(fc.constantFrom('["dev"]', "[]"), { freq: 3 }),
    fc.array(packageTable, { maxLength: 5 }),
  )
  .map(([lockVersion, createdBy, rp, envs, groups, packages]) =>
    [
      `lock-version = ${q(lockVersion)}`,
      createdBy ? 'created-by = "pyvendor-tests"' : "",
      rp === null ? "" : `requires-python = ${q(rp)}`,
      envs === null ? "" : `environments = ${envs}`,
      groups === null ? "" : `default-groups = ${groups}`,
      packages.length === 0 && lockVersion !== "0.9" ? "packages = []" : "",
      ...packages,
    ].filter(Boolean).join("\n") + "\n",
  );

/** Complete marker environments of a few targets. */
export const lockEnvironment = fc.record({
  implementation_name: fc.constant("cpython"),
  implementation_version: fc.constantFrom("3.11.7", "3.8.18"),
  os_name: fc.constantFrom("posix", "nt"),
  platform_machine: fc.constantFrom("x86_64", "AMD64"),
  platform_release: fc.constant("6.5.0"),
  platform_system: fc.constantFrom("Linux", "Windows"),
  platform_version: fc.constant("#1"),
  python_full_version: fc.constantFrom("3.11.7", "3.8.18", "3.12.1"),
  platform_python_implementation: fc.constant("CPython"),
  python_version: fc.constantFrom("3.11", "3.8", "3.12"),
  sys_platform: fc.constantFrom("linux", "win32"),
});
