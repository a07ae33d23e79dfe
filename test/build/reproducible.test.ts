import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { FIXED_BUILD_ENV, prefixMapFlags, probePrefixMapStyle, reproducibleEnv } from "../../src/build/reproducible.js";
import { tempDir } from "../helpers/env.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir();
});
after(() => work.cleanup());

test("prefixMapFlags: one option per map in each style; paths CFLAGS cannot carry are left out and reported", () => {
  const maps = [
    { from: "/cache/tmp/pack-1/x-src-ab12", to: "/pyvendor-build/src" },
    { from: "/home/me/My Cache/envs-v1", to: "/pyvendor-build/envs" },
    { from: "/a=b", to: "/c" },
  ];
  assert.deepEqual(prefixMapFlags(maps, "file"), {
    flags: ["-ffile-prefix-map=/cache/tmp/pack-1/x-src-ab12=/pyvendor-build/src"],
    skipped: [maps[1], maps[2]],
  });
  assert.deepEqual(prefixMapFlags(maps.slice(0, 1), "debug+macro").flags, [
    "-fdebug-prefix-map=/cache/tmp/pack-1/x-src-ab12=/pyvendor-build/src",
    "-fmacro-prefix-map=/cache/tmp/pack-1/x-src-ab12=/pyvendor-build/src",
  ]);
  assert.deepEqual(prefixMapFlags(maps.slice(0, 1), "debug").flags, ["-fdebug-prefix-map=/cache/tmp/pack-1/x-src-ab12=/pyvendor-build/src"]);
  assert.deepEqual(prefixMapFlags(maps.slice(0, 1), "none").flags, []);
});

test("reproducibleEnv: flags appended to the user's CFLAGS and CXXFLAGS, fixed values set, run-specific variables gone", () => {
  const base = {
    PATH: "/usr/bin",
    CFLAGS: " -O1 -DUSER ",
    TZ: "Asia/Tokyo",
    LC_ALL: "de_DE.UTF-8",
    LANG: "de_DE.UTF-8",
    PYTHONHASHSEED: "random",
    SOURCE_DATE_EPOCH: "1700000000",
    PYVENDOR_CACHE_DIR: "/somewhere",
    PWD: "/home/me/project",
    OLDPWD: "/home/me",
    TMPDIR: "/big/tmp",
  };
  const env = reproducibleEnv(base, ["-ffile-prefix-map=/x=/y"]);
  assert.equal(env.CFLAGS, "-O1 -DUSER -ffile-prefix-map=/x=/y");
  assert.equal(env.CXXFLAGS, "-ffile-prefix-map=/x=/y");
  assert.equal(env.TZ, "UTC");
  assert.equal(env.LC_ALL, "C");
  assert.equal(env.PYTHONHASHSEED, "0");
  assert.deepEqual(
    Object.fromEntries(Object.keys(FIXED_BUILD_ENV).map((k) => [k, env[k]])),
    FIXED_BUILD_ENV,
  );
  assert.equal(env.SOURCE_DATE_EPOCH, "1700000000", "the pack's SOURCE_DATE_EPOCH is kept");
  assert.equal(env.TMPDIR, "/big/tmp", "a user's TMPDIR is kept (a small /tmp must not break builds)");
  assert.equal(env.PATH, "/usr/bin");
  for (const key of ["PYVENDOR_CACHE_DIR", "PWD", "OLDPWD"]) assert.equal(env[key], undefined, key);
  assert.equal(reproducibleEnv({ CFLAGS: "-O2" }, []).CFLAGS, "-O2", "no flags: CFLAGS untouched");
  assert.equal(reproducibleEnv({}, []).CFLAGS, undefined);
});

test("probePrefixMapStyle: the machine's compiler takes -ffile-prefix-map; an older one its halves or debug maps only; none without a compiler", async () => {
  assert.equal(await probePrefixMapStyle({ PATH: process.env.PATH }), "file", "GCC 8+ / Clang 10+ on this machine");
  const fake = async (name: string, refuse: string) => {
    const file = path.join(work.dir, name);
    await writeFile(file, `#!/bin/sh\nfor a in "$@"; do case "$a" in ${refuse}) echo "unrecognized: $a" >&2; exit 1;; esac; done\nexit 0\n`);
    await chmod(file, 0o755);
    return file;
  };
  const gcc7 = await fake("gcc7", "-ffile-prefix-map=*");
  assert.equal(await probePrefixMapStyle({ PATH: process.env.PATH, CC: `${gcc7} -pthread` }), "debug+macro");
  const gcc5 = await fake("gcc5", "-ffile-prefix-map=*|-fmacro-prefix-map=*");
  assert.equal(await probePrefixMapStyle({ PATH: process.env.PATH, CC: gcc5 }), "debug");
  const ancient = await fake("ancient", "-f*");
  assert.equal(await probePrefixMapStyle({ PATH: process.env.PATH, CC: ancient }), "none");
  assert.equal(await probePrefixMapStyle({ PATH: "/nonexistent", CC: path.join(work.dir, "no-such-cc") }), "none");
});
