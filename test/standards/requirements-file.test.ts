// What pip's requirements-file format means, line by line: every option and every form of line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SHA_A, SHA_B, describeLines, parseFiles } from "./requirements-file-fixtures.js";

interface Row {
  name: string;
  entry?: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  requirements?: string[];
  constraints?: string[];
  options?: Record<string, unknown>;
}

const rows: Row[] = [
  {
    name: "plain requirements, comments, blank lines, markers and extras",
    files: {
      "requirements.txt": [
        "# a comment",
        "",
        "docopt == 0.6.1   # trailing comment",
        'requests [security] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
        "  Django>=4.2,<5  ",
      ].join("\n"),
    },
    requirements: [
      "requirements.txt:3 docopt==0.6.1",
      'requirements.txt:4 requests[security]==2.8.*,>=2.8.1; python_version < "2.7"',
      "requirements.txt:5 Django<5,>=4.2",
    ],
  },
  {
    name: "pip-compile output: several --hash per requirement over continuation lines, '# via' comments",
    files: {
      "requirements.txt": [
        "certifi==2024.2.2 \\",
        `    --hash=sha256:${SHA_A} \\`,
        `    --hash=sha256:${SHA_B}`,
        "    # via requests",
        `idna==3.6 --hash=sha256:${SHA_A} \\`,
        "    # via requests",
        "urllib3==2.2.1 \\",
        `  --hash sha256:${SHA_B}`,
      ].join("\n"),
    },
    requirements: [
      "requirements.txt:1 certifi==2024.2.2 [sha256:aaa sha256:bbb]",
      "requirements.txt:5 idna==3.6 [sha256:aaa]",
      "requirements.txt:7 urllib3==2.2.1 [sha256:bbb]",
    ],
  },
  {
    name: "-r and -c are relative to the including file, nest, and -r inside a constraints file adds requirements",
    files: {
      "requirements.txt": "-r sub/base.txt\n-c constraints.txt\nflask",
      "sub/base.txt": "--requirement=../common.txt\nclick==8.1.7",
      "common.txt": "attrs==23.2.0",
      "constraints.txt": "--constraint sub/pins.txt\nwerkzeug<3\n-r more.txt",
      "sub/pins.txt": "jinja2==3.1.3",
      "more.txt": "itsdangerous",
    },
    requirements: [
      "common.txt:1 attrs==23.2.0",
      "sub/base.txt:2 click==8.1.7",
      "more.txt:1 itsdangerous",
      "requirements.txt:3 flask",
    ],
    constraints: ["sub/pins.txt:1 jinja2==3.1.3", "constraints.txt:2 werkzeug<3"],
  },
  {
    name: "a file included twice (not in a cycle) is read twice",
    files: { "requirements.txt": "-r a.txt\n-r b.txt", "a.txt": "-r c.txt", "b.txt": "-r c.txt", "c.txt": "six" },
    requirements: ["c.txt:1 six", "c.txt:1 six"],
  },
  {
    name: "global options: index URLs, --no-index, --pre, --prefer-binary, --trusted-host, abbreviations",
    files: {
      "requirements.txt": [
        "-i https://first.example/simple",
        "--index-url=https://index.example/simple",
        "--extra-index-url https://extra.example/simple",
        "--extra https://abbrev.example/simple --pre",
        "--no-index",
        "--prefer-binary",
        "--trusted-host index.example --trusted-host=extra.example",
      ].join("\n"),
    },
    requirements: [],
    options: {
      indexUrl: "https://index.example/simple",
      extraIndexUrls: ["https://extra.example/simple", "https://abbrev.example/simple"],
      noIndex: true,
      pre: true,
      preferBinary: true,
      trustedHosts: ["index.example", "extra.example"],
    },
  },
  {
    name: "--pypi-url is pip's other spelling of --index-url",
    files: { "requirements.txt": "--pypi-url https://p.example/simple" },
    options: { indexUrl: "https://p.example/simple" },
  },
  {
    name: "-f/--find-links: paths relative to the naming file, URLs kept, file: URLs become paths",
    files: {
      "requirements.txt": "-f ./wheels\n-r sub/more.txt\n--find-links=https://links.example/\n-ffile:///opt/wheels",
      "sub/more.txt": "--find-links ../dist",
    },
    options: { findLinks: ["wheels", "dist", "https://links.example/", "/opt/wheels"] },
  },
  {
    name: "--only-binary / --no-binary: names normalized, :all: and :none: as pip applies them",
    files: {
      "requirements.txt": [
        "--no-binary Foo_Bar,baz",
        "--only-binary :all:",
        "--no-binary=:none:",
        "--no-binary lxml --only-binary=Zope.Interface",
      ].join("\n"),
    },
    options: { onlyBinary: [":all:", "zope-interface"], noBinary: ["lxml"] },
  },
  {
    name: "--require-hashes with every requirement hashed",
    files: { "requirements.txt": `--require-hashes\nsix==1.16.0 --hash=sha512:${"c".repeat(128)}` },
    requirements: [`requirements.txt:2 six==1.16.0 [sha512:ccc]`],
    options: { requireHashes: true },
  },
  {
    name: "${VAR} expansion: only ${UPPER_CASE}; unset and empty variables stay as written",
    files: { "requirements.txt": "-i https://${USER}:${TOKEN}@private.example/simple\n--extra-index-url ${UNSET}/${EMPTY}/${lower}" },
    env: { USER: "me", TOKEN: "s3cr3t", EMPTY: "", lower: "x" },
    options: { indexUrl: "https://me:s3cr3t@private.example/simple", extraIndexUrls: ["${UNSET}/${EMPTY}/${lower}"] },
  },
  {
    name: "local archives: sdists and wheels by path, file: URLs, extras and markers, relative to the file",
    entry: "sub/requirements.txt",
    files: {
      "/project/sub/requirements.txt": [
        "./pkg-1.0.tar.gz",
        "../dist/Other_Pkg-2.0-py3-none-any.whl[extra] ; sys_platform == 'linux'",
        "file:../dist/third-3.0.zip",
        "file:///abs/fourth-4.0b1-py3-none-any.whl",
      ].join("\n"),
    },
    cwd: "/project",
    requirements: [
      "/project/sub/requirements.txt:1 pkg==1.0 (/project/sub/pkg-1.0.tar.gz)",
      '/project/sub/requirements.txt:2 other-pkg[extra]==2.0; sys_platform == "linux" (/project/dist/Other_Pkg-2.0-py3-none-any.whl)',
      "/project/sub/requirements.txt:3 third==3.0 (/project/dist/third-3.0.zip)",
      "/project/sub/requirements.txt:4 fourth==4.0b1 (/abs/fourth-4.0b1-py3-none-any.whl)",
    ],
  },
  {
    name: "direct references: name @ URL, name @ file: URL, archive URLs and #egg= URLs",
    files: {
      "requirements.txt": [
        "urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip",
        "local @ file:///srv/local-1.0.tar.gz",
        "https://files.example/packages/Foo-1.2-py2.py3-none-any.whl; python_version >= '3'",
        "git+https://git.example/repo.git@v1#egg=repo",
        "https://git.example/proj/archive/main.zip#egg=proj",
      ].join("\n"),
    },
    requirements: [
      "requirements.txt:1 urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip <https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip>",
      "requirements.txt:2 local @ file:///srv/local-1.0.tar.gz (/srv/local-1.0.tar.gz)",
      'requirements.txt:3 foo==1.2; python_version >= "3" <https://files.example/packages/Foo-1.2-py2.py3-none-any.whl>',
      "requirements.txt:4 repo <git+https://git.example/repo.git@v1#egg=repo>",
      "requirements.txt:5 proj <https://git.example/proj/archive/main.zip#egg=proj>",
    ],
  },
  {
    name: "a URL fragment is not a comment; a # after whitespace is",
    files: { "requirements.txt": "pkg @ https://h.example/pkg-1.0.tar.gz#sha256=abc # note" },
    requirements: ["requirements.txt:1 pkg @ https://h.example/pkg-1.0.tar.gz#sha256=abc <https://h.example/pkg-1.0.tar.gz#sha256=abc>"],
  },
];

for (const row of rows) {
  test(`requirements file: ${row.name}`, () => {
    const entry = row.entry ?? Object.keys(row.files)[0] ?? "requirements.txt";
    const result = parseFiles(row.files, { entry, ...(row.env ? { env: row.env } : {}), ...(row.cwd ? { cwd: row.cwd } : {}) });
    if (row.requirements) assert.deepEqual(describeLines(result), row.requirements);
    assert.deepEqual(describeLines(result, "constraints"), row.constraints ?? []);
    for (const [key, value] of Object.entries(row.options ?? {})) {
      assert.deepEqual(result.options[key as keyof typeof result.options], value, `option ${key}`);
    }
  });
}

test("requirements file: defaults when no option is given", () => {
  const result = parseFiles({ "requirements.txt": "six" });
  assert.deepEqual(result.options, {
    extraIndexUrls: [], noIndex: false, findLinks: [], pre: false, onlyBinary: [], noBinary: [],
    preferBinary: false, requireHashes: false, trustedHosts: [],
  });
  assert.deepEqual(result.requirements[0]?.requirement, { name: "six", extras: [], specifier: "", extrasAsWritten: [] });
});
