// Asking dpkg and apt-file: owners of installed files, providers of missing ones, with a fake command runner.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSystemPackages, parseAptFile, parseDpkgSearch, type CommandRunner } from "../../src/build/system-packages.js";

function fakeRunner(answers: Record<string, { code: number; stdout: string } | undefined>): { run: CommandRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (command, args) => {
      const key = [command, ...args].join(" ");
      calls.push(key);
      return key in answers ? answers[key] : { code: 1, stdout: "" };
    },
  };
}

describe("system packages", () => {
  it("parses dpkg -S (architecture dropped, diversions skipped) and apt-file search (a -dev package first)", () => {
    assert.equal(parseDpkgSearch("libxml2:amd64: /usr/lib/x86_64-linux-gnu/libxml2.so.2\n"), "libxml2");
    assert.equal(parseDpkgSearch("diversion by x from: /a\nlibc6:amd64, libc6-dev:amd64: /usr/lib/x\n"), "libc6");
    assert.equal(parseDpkgSearch(""), undefined);
    assert.equal(parseAptFile("postgresql-server-dev-15: /usr/include/postgresql/15/server/libpq-fe.h\nlibpq-dev: /usr/include/postgresql/libpq-fe.h\n"), "libpq-dev");
  });

  it("owner() asks dpkg -S, trying the /usr-merged twin of a path", async () => {
    const { run, calls } = fakeRunner({
      "dpkg -S /usr/lib/x86_64-linux-gnu/libfoo.so.1": { code: 0, stdout: "libfoo1:amd64: /usr/lib/x86_64-linux-gnu/libfoo.so.1\n" },
    });
    const packages = createSystemPackages({ run, debian: true });
    assert.equal(await packages.owner("/lib/x86_64-linux-gnu/libfoo.so.1"), "libfoo1");
    assert.deepEqual(calls, ["dpkg -S /lib/x86_64-linux-gnu/libfoo.so.1", "dpkg -S /usr/lib/x86_64-linux-gnu/libfoo.so.1"]);
    assert.equal(await packages.owner("/lib/x86_64-linux-gnu/libfoo.so.1"), "libfoo1");
    assert.equal(calls.length, 2, "answers are memoized");
  });

  it("provider() uses the table first, apt-file for what the table lacks, and nothing off Debian", async () => {
    const { run, calls } = fakeRunner({
      "apt-file search --regexp /include/(.*/)?frobnicate\\.h$": { code: 0, stdout: "libfrob-dev: /usr/include/frob/frobnicate.h\n" },
    });
    const packages = createSystemPackages({ run, debian: true });
    assert.equal(await packages.provider({ kind: "header", name: "libpq-fe.h", line: "" }), "libpq-dev");
    assert.deepEqual(calls, []);
    assert.equal(await packages.provider({ kind: "header", name: "frobnicate.h", line: "" }), "libfrob-dev");
    const off = createSystemPackages({ run, debian: false });
    assert.equal(await off.owner("/usr/lib/libfoo.so.1"), undefined);
    assert.equal(await off.provider({ kind: "header", name: "frobnicate.h", line: "" }), undefined);
    assert.equal(await off.provider({ kind: "header", name: "zlib.h", line: "" }), "zlib1g-dev");
  });

  it("a missing apt-file or dpkg answers undefined", async () => {
    const packages = createSystemPackages({ run: async () => undefined, debian: true });
    assert.equal(await packages.provider({ kind: "header", name: "frobnicate.h", line: "" }), undefined);
    assert.equal(await packages.owner("/usr/lib/libfoo.so.1"), undefined);
  });
});
