// Reading failed build logs: missing headers, libraries and tools, and the Debian packages that provide them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aptFilePattern, findMissing, packageFromTable } from "../../src/build/diagnose.js";

describe("findMissing", () => {
  it("finds gcc and clang missing headers, ld's missing libraries, pkg-config modules and tools", () => {
    const log = [
      "psycopg/psycopgmodule.c:28:10: fatal error: libpq-fe.h: No such file or directory",
      "src/lxml/etree.c:96:10: fatal error: 'libxml/xmlversion.h' file not found",
      "/usr/bin/ld: cannot find -lxml2: No such file or directory",
      "/usr/bin/ld: cannot find -lxslt",
      "Package libffi was not found in the pkg-config search path.",
      "Error: pg_config executable not found.",
      "/bin/sh: 1: mysql_config: not found",
      "error: command 'gcc' failed: No such file or directory",
      "src/x.c:1:10: fatal error: libpq-fe.h: No such file or directory",
    ].join("\n");
    assert.deepEqual(
      findMissing(log).map((m) => `${m.kind}:${m.name}`),
      ["header:libpq-fe.h", "header:libxml/xmlversion.h", "library:xml2", "library:xslt", "pkg-config:libffi", "program:pg_config", "program:mysql_config", "program:gcc"],
    );
  });

  it("finds nothing in an ordinary failure", () => {
    assert.deepEqual(findMissing("SyntaxError: invalid syntax\nerror: command '/usr/bin/gcc' failed with exit code 1\n"), []);
  });
});

describe("packageFromTable", () => {
  const cases: [Parameters<typeof packageFromTable>[0]["kind"], string, string | undefined][] = [
    ["header", "libpq-fe.h", "libpq-dev"],
    ["header", "libxml/xmlversion.h", "libxml2-dev"],
    ["header", "libxslt/xslt.h", "libxslt1-dev"],
    ["header", "ffi.h", "libffi-dev"],
    ["header", "openssl/ssl.h", "libssl-dev"],
    ["header", "yaml.h", "libyaml-dev"],
    ["header", "zlib.h", "zlib1g-dev"],
    ["header", "jpeglib.h", "libjpeg-dev"],
    ["header", "snappy-c.h", "libsnappy-dev"],
    ["header", "no-such-thing.h", undefined],
    ["library", "xml2", "libxml2-dev"],
    ["library", "pq", "libpq-dev"],
    ["library", "ssl", "libssl-dev"],
    ["library", "z", "zlib1g-dev"],
    ["program", "pg_config", "libpq-dev"],
    ["program", "gcc", "build-essential"],
    ["pkg-config", "libxml-2.0", "libxml2-dev"],
  ];
  for (const [kind, name, pkg] of cases) {
    it(`${kind} ${name} → ${pkg ?? "(unknown)"}`, () => {
      assert.equal(packageFromTable({ kind, name, line: "" }), pkg);
    });
  }
});

describe("aptFilePattern", () => {
  it("matches the file that would satisfy the item, with regex characters escaped", () => {
    const header = new RegExp(aptFilePattern({ kind: "header", name: "libpq-fe.h", line: "" }) as string);
    assert.ok(header.test("/usr/include/postgresql/libpq-fe.h"));
    assert.ok(!header.test("/usr/include/libpq-fexh"));
    const lib = new RegExp(aptFilePattern({ kind: "library", name: "xml2", line: "" }) as string);
    assert.ok(lib.test("/usr/lib/x86_64-linux-gnu/libxml2.so"));
    assert.ok(!lib.test("/usr/lib/x86_64-linux-gnu/libxml2.so.2"));
    assert.ok(new RegExp(aptFilePattern({ kind: "library", name: "stdc++", line: "" }) as string).test("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.so"));
  });
});
