// Every way a requirements file can be refused: the code, the exact message, the file and line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PyvendorError, type ErrorCode } from "../../src/errors.js";
import { parseRequirementsFile } from "../../src/standards/requirements-file.js";
import { SHA_A, parseFiles } from "./requirements-file-fixtures.js";

interface ErrorRow {
  name: string;
  files: Record<string, string>;
  entry?: string;
  code: ErrorCode;
  message: string;
}

const rows: ErrorRow[] = [
  {
    name: "the top file is missing",
    files: {},
    entry: "missing.txt",
    code: "E_REQUIREMENTS_NOT_FOUND",
    message: "requirements file not found: missing.txt",
  },
  {
    name: "an included file is missing (named relative to the including file)",
    files: { "requirements.txt": "six\n-r sub/other.txt", "sub/x.txt": "" },
    code: "E_REQUIREMENTS_NOT_FOUND",
    message: "requirements.txt:2: -r sub/other.txt: requirements file not found: sub/other.txt",
  },
  {
    name: "files include each other in a cycle",
    files: { "requirements.txt": "-r a.txt", "a.txt": "six\n-c b.txt", "b.txt": "--requirement a.txt" },
    code: "E_REQUIREMENTS_CYCLE",
    message: "b.txt:1: --requirement a.txt includes a.txt again (requirements.txt -> a.txt -> b.txt -> a.txt)",
  },
  {
    name: "a file includes itself",
    files: { "requirements.txt": "six\n\n-r ./requirements.txt" },
    code: "E_REQUIREMENTS_CYCLE",
    message: "requirements.txt:3: -r ./requirements.txt includes requirements.txt again (requirements.txt -> requirements.txt)",
  },
  {
    name: "an editable requirement",
    files: { "requirements.txt": "six\n# local code\n-e ./src" },
    code: "E_EDITABLE_REQUIREMENT",
    message: "requirements.txt:3: editable requirement -e ./src cannot go into an offline bundle",
  },
  {
    name: "an editable requirement spelled --editable=",
    files: { "requirements.txt": "--editable=git+https://g.example/x.git#egg=x" },
    code: "E_EDITABLE_REQUIREMENT",
    message: "requirements.txt:1: editable requirement --editable git+https://g.example/x.git#egg=x cannot go into an offline bundle",
  },
  {
    name: "an invalid PEP 508 requirement (continued lines report their first line)",
    files: { "requirements.txt": "six\nfoo >= \\\n  1.0 bar" },
    code: "E_INVALID_REQUIREMENT",
    message:
      'requirements.txt:2: Invalid requirement "foo >=   1.0 bar": Expected comma (within version specifier), semicolon (after version specifier) or end (at column 5)',
  },
  {
    name: "an invalid marker on an archive line",
    files: { "requirements.txt": "./pkg-1.0.tar.gz ; python_version >> '3'" },
    code: "E_INVALID_MARKER",
    message: `requirements.txt:1: Invalid marker "python_version >> '3'": Expected a marker variable or quoted string (at column 17)`,
  },
  {
    name: "an unknown option",
    files: { "requirements.txt": "--bogus" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: no such option: --bogus",
  },
  {
    name: "an unknown short option",
    files: { "requirements.txt": "-x y" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: no such option: -x",
  },
  {
    name: "an ambiguous abbreviation",
    files: { "requirements.txt": "--req x.txt" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: ambiguous option: --req (--require-hashes, --requirement?)",
  },
  {
    name: "an option without its value",
    files: { "requirements.txt": "--index-url" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --index-url option requires 1 argument",
  },
  {
    name: "a flag given a value",
    files: { "requirements.txt": "--no-index=yes" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --no-index option does not take a value",
  },
  {
    name: "an unclosed quote in the options",
    files: { "requirements.txt": "-f 'links" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: could not split options -f 'links (No closing quotation)",
  },
  {
    name: "text after the options",
    files: { "requirements.txt": "-r a.txt b.txt", "a.txt": "" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: 'requirements.txt:1: unexpected "b.txt" after the options',
  },
  {
    name: "a global option on a requirement line",
    files: { "requirements.txt": "six==1.16.0 --pre" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --pre cannot be given on a requirement line",
  },
  {
    name: "--hash on a line without a requirement",
    files: { "requirements.txt": `six\n--hash=sha256:${SHA_A}` },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:2: --hash needs a requirement on the same line",
  },
  {
    name: "--hash without an algorithm",
    files: { "requirements.txt": "six==1.16.0 --hash=abc" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: Arguments to --hash must be a hash name followed by a value, like --hash=sha256:abcde...",
  },
  {
    name: "--hash with a weak algorithm",
    files: { "requirements.txt": "six==1.16.0 --hash=md5:0123" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: Allowed hash algorithms for --hash are sha256, sha384, sha512.",
  },
  {
    name: "--hash with a digest of the wrong length",
    files: { "requirements.txt": "six==1.16.0 --hash=sha256:abc" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --hash=sha256:abc: a sha256 digest is 64 hexadecimal digits",
  },
  {
    name: "--require-hashes and a requirement without --hash",
    files: { "requirements.txt": `--require-hashes\nsix==1.16.0 --hash=sha256:${SHA_A}\nattrs==23.2.0` },
    code: "E_HASH_REQUIRED",
    message: "requirements.txt:3: attrs==23.2.0 has no --hash, and --require-hashes is on",
  },
  {
    name: "one hashed requirement turns hash-checking on for all",
    files: { "requirements.txt": `-r other.txt\nsix==1.16.0 --hash=sha256:${SHA_A}`, "other.txt": "\n\nattrs==23.2.0" },
    code: "E_HASH_REQUIRED",
    message: "other.txt:3: attrs==23.2.0 has no --hash, and other requirements have --hash, which turns hash-checking on",
  },
  {
    name: "a hashed requirement that is not pinned",
    files: { "requirements.txt": `six>=1.16 --hash=sha256:${SHA_A}` },
    code: "E_UNPINNED_REQUIREMENT",
    message: "requirements.txt:1: six>=1.16 must be pinned with == when hashes are checked",
  },
  {
    name: "a --no-binary value that looks like an option",
    files: { "requirements.txt": "--no-binary -x" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --no-binary / --only-binary option requires 1 argument.",
  },
  {
    name: "--global-option (build settings are not taken from requirements files)",
    files: { "requirements.txt": "six --global-option=--quiet" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: --global-option is not supported (pyvendor builds with each package's own settings)",
  },
  {
    name: "a requirements file over the network",
    files: { "requirements.txt": "-r https://example.com/requirements.txt" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: -r https://example.com/requirements.txt: requirements files are read from disk only; download it first",
  },
  {
    name: "a local directory",
    files: { "requirements.txt": "./src/mypkg" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: ./src/mypkg is not an archive (.whl, .tar.gz, .zip); pyvendor cannot bundle a local directory",
  },
  {
    name: "a URL that names no project",
    files: { "requirements.txt": "git+https://g.example/repo.git" },
    code: "E_REQUIREMENTS_SYNTAX",
    message:
      'requirements.txt:1: cannot tell the project name from the URL git+https://g.example/repo.git; write it as "name @ git+https://g.example/repo.git"',
  },
  {
    name: "an archive whose file name has no version",
    files: { "requirements.txt": "./downloads/mypackage.tar.gz" },
    code: "E_REQUIREMENTS_SYNTAX",
    message: "requirements.txt:1: cannot tell the project name and version from the file name mypackage.tar.gz",
  },
  {
    name: "a wheel path with a broken file name",
    files: { "requirements.txt": "./dist/pkg-1.0-py3.whl" },
    code: "E_INVALID_FILENAME",
    message: 'requirements.txt:1: Invalid wheel filename "pkg-1.0-py3.whl": wrong number of parts',
  },
];

for (const row of rows) {
  test(`requirements file error: ${row.name}`, () => {
    assert.throws(
      () => parseFiles(row.files, { entry: row.entry ?? "requirements.txt" }),
      (error: unknown) => {
        assert.ok(error instanceof PyvendorError, `not a PyvendorError: ${String(error)}`);
        assert.equal(error.message, row.message);
        assert.equal(error.code, row.code);
        return true;
      },
    );
  });
}

test("requirements file error: a read failure other than 'not found' is E_IO naming the file", () => {
  const readFile = (file: string): string => {
    const error = new Error(`EACCES: permission denied, open '${file}'`) as NodeJS.ErrnoException;
    error.code = "EACCES";
    throw error;
  };
  assert.throws(
    () => parseRequirementsFile("locked.txt", { readFile }),
    (error: unknown) =>
      error instanceof PyvendorError &&
      error.code === "E_IO" &&
      error.message === "cannot read locked.txt: EACCES: permission denied, open 'locked.txt'",
  );
});
