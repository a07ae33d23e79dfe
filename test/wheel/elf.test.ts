// ELF reading: DT_NEEDED, SONAME, class and machine, from buffers and files; garbage is not ELF.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { readElfFile, readElfInfo, readNeededLibraries } from "../../src/wheel/elf.js";
import { python3 } from "../helpers/install-venv.js";

test("the interpreter's binary and libc are read like readelf -d shows them", async () => {
  const python = await python3();
  const info = await readElfFile(python.realExecutable);
  assert.ok(info);
  assert.equal(info.class, python.elf?.class);
  assert.equal(info.machine, python.elf?.machine);
  assert.ok(info.needed.includes("libc.so.6"), info.needed.join(","));
  const fromBuffer = readElfInfo(await readFile(python.realExecutable));
  assert.deepEqual(fromBuffer, info);
});

test("a shared library reports its SONAME", async () => {
  const libz = ["/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1"];
  for (const file of libz) {
    const info = await readElfFile(file).catch(() => undefined);
    if (!info) continue;
    assert.equal(info.soname, "libz.so.1");
    assert.deepEqual(await readNeededLibraries(file), info.needed);
    return;
  }
  assert.fail("libz.so.1 not found");
});

test("non-ELF and truncated data give undefined, never a throw", async () => {
  assert.equal(readElfInfo(Buffer.from("#!/bin/sh\necho hi\n")), undefined);
  assert.equal(readElfInfo(Buffer.alloc(0)), undefined);
  const python = await python3();
  const whole = await readFile(python.realExecutable);
  for (const cut of [20, 64, 200, 1000]) {
    const info = readElfInfo(whole.subarray(0, cut));
    assert.ok(info === undefined || Array.isArray(info.needed));
  }
  assert.deepEqual(await readNeededLibraries("/etc/hostname").catch(() => []), []);
});
