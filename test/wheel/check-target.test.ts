// Target checks: the best wheel for the interpreter's tags, glibc, Requires-Python, system libraries.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { execa } from "execa";
import { isPyvendorError } from "../../src/errors.js";
import type { PythonInfo } from "../../src/python/interpreter.js";
import { checkTarget, type TargetPackage } from "../../src/wheel/check-target.js";
import { createLibraryResolver, parseLdconfig } from "../../src/wheel/system-libraries.js";
import { manylinuxGlibc } from "../../src/wheel/tags.js";
import { cleanEnv } from "../helpers/env.js";
import { python3 } from "../helpers/install-venv.js";

let python: PythonInfo;
let supported: string[];

before(async () => {
  python = await python3();
  const { stdout } = await execa("python3", ["-c", "from packaging import tags; print('\\n'.join(str(t) for t in tags.sys_tags()))"], { env: cleanEnv() });
  supported = stdout.split("\n");
});

const pkg = (name: string, tags: string[], extra: Partial<TargetPackage["wheel"]> = {}): TargetPackage => ({
  name,
  version: "1.0",
  wheel: { filename: `${name}-1.0-${tags[0]}.whl`, tags, systemLibraries: [], ...extra },
});

async function rejectsWith(options: Parameters<typeof checkTarget>[0], code: string, ...patterns: RegExp[]) {
  await assert.rejects(checkTarget(options), (err: unknown) => {
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, code, err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

test("compatible packages pass", async () => {
  await checkTarget({ packages: [pkg("a", ["py3-none-any"]), pkg("b", ["cp311-cp311-manylinux_2_17_x86_64"], { requiresPython: ">=3.8" })], supportedTags: supported, python, findLibrary: async () => "/x" });
});

test("no compatible wheel: E_NO_COMPATIBLE_WHEEL lists every such package with both tag lists", async () => {
  await rejectsWith(
    { packages: [pkg("a", ["cp312-cp312-manylinux_2_17_x86_64"]), pkg("b", ["py2-none-any"]), pkg("c", ["py3-none-any"])], supportedTags: supported, python },
    "E_NO_COMPATIBLE_WHEEL",
    /2 packages/,
    /a 1\.0: the bundle has cp312-cp312-manylinux_2_17_x86_64; the target takes cp311-cp311-/,
    /b 1\.0: the bundle has py2-none-any/,
  );
});

test("a manylinux wheel for a newer glibc: E_GLIBC_TOO_OLD with both versions", async () => {
  const glibc = python.glibc!;
  const tag = `cp311-cp311-manylinux_${glibc[0]}_${glibc[1] + 5}_x86_64`;
  await rejectsWith({ packages: [pkg("newglibc", [tag])], supportedTags: supported, python }, "E_GLIBC_TOO_OLD", new RegExp(`needs glibc ${glibc[0]}\\.${glibc[1] + 5}; the target has glibc ${glibc.join("\\.")}`));
  assert.deepEqual(manylinuxGlibc("manylinux2014_aarch64"), { glibc: [2, 17], arch: "aarch64" });
});

test("Requires-Python that excludes the target: E_REQUIRES_PYTHON", async () => {
  await rejectsWith({ packages: [pkg("future", ["py3-none-any"], { requiresPython: ">=3.12" })], supportedTags: supported, python }, "E_REQUIRES_PYTHON", /future 1\.0 requires Python >=3\.12; the target is Python 3\.11\.7/);
});

test("a missing system library: E_MISSING_SYSTEM_LIBRARY naming the library and the package to install", async () => {
  await rejectsWith(
    { packages: [pkg("pg", ["py3-none-any"], { systemLibraries: [{ soname: "libc.so.6" }, { soname: "libpyvendor-missing.so.9", package: "libpyvendor9" }] })], supportedTags: supported, python },
    "E_MISSING_SYSTEM_LIBRARY",
    /libpyvendor-missing\.so\.9/,
    /libpyvendor9/,
  );
});

test("the library resolver finds what the loader finds, for the interpreter's machine only", async () => {
  const find = await createLibraryResolver({ machine: python.elf!.machine, elfClass: python.elf!.class });
  assert.match((await find("libc.so.6")) ?? "", /libc\.so\.6$/);
  assert.equal(await find("libpyvendor-missing.so.9"), undefined);
  const cache = "2 libs found in cache `/etc/ld.so.cache'\n\tlibfoo.so.1 (libc6) => /usr/lib32/libfoo.so.1\n\tlibbar.so.2 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libbar.so.2\n";
  assert.equal(parseLdconfig(cache).length, 2);
  const fake = await createLibraryResolver({ ldconfigOutput: cache, machine: 62, elfClass: 64, dirs: [] });
  assert.equal(await fake("libbar.so.2"), "/usr/lib/x86_64-linux-gnu/libbar.so.2");
  assert.equal(await fake("libfoo.so.1"), undefined, "a 32-bit library does not count for a 64-bit interpreter");
});

test("cacheLast (the install check): the same answers, the usual directories before the ldconfig cache", async () => {
  const elf = { machine: python.elf!.machine, elfClass: python.elf!.class };
  const cacheFirst = await createLibraryResolver(elf);
  const dirsFirst = await createLibraryResolver({ ...elf, cacheLast: true });
  for (const soname of ["libc.so.6", "libm.so.6", "libpyvendor-missing.so.9", "/abs/libc.so.6"]) {
    assert.equal(Boolean(await dirsFirst(soname)), Boolean(await cacheFirst(soname)), soname);
  }
  const cache = "1 libs found in cache `/etc/ld.so.cache'\n\tlibonlycached.so.1 (libc6,x86-64) => /opt/cached/libonlycached.so.1\n";
  const onlyCached = await createLibraryResolver({ ldconfigOutput: cache, machine: 62, elfClass: 64, dirs: [], cacheLast: true });
  assert.equal(await onlyCached("libonlycached.so.1"), "/opt/cached/libonlycached.so.1", "a library only the cache knows is still found");
});
