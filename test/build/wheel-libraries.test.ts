// The system libraries of a wheel: DT_NEEDED of its extension modules, minus what it carries and the base set.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createSystemPackages } from "../../src/build/system-packages.js";
import { isBaseLibrary, neededSystemLibraries, scanWheelLibraries } from "../../src/build/wheel-libraries.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { createLibraryResolver } from "../../src/wheel/system-libraries.js";
import { tempDir } from "../helpers/env.js";
import { buildWheel } from "../helpers/wheel-factory.js";

describe("wheel system libraries", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let sslModule: Buffer;
  let sqliteModule: Buffer;
  before(async () => {
    work = await tempDir();
    // The interpreter's own _ssl and _sqlite3 modules: real ELF objects whose libraries exist wherever it runs.
    const info = await inspectPython("python3");
    const dynload = path.join(info.basePrefix, "lib", `python${info.versionInfo[0]}.${info.versionInfo[1]}`, "lib-dynload");
    const names = await readdir(dynload);
    sslModule = await readFile(path.join(dynload, names.find((n) => n.startsWith("_ssl.")) as string));
    sqliteModule = await readFile(path.join(dynload, names.find((n) => n.startsWith("_sqlite3.")) as string));
  });
  after(() => work.cleanup());

  it("the base set: glibc, the loader, the GCC runtime, libpython and the manylinux allow-list; not libz", () => {
    for (const lib of ["libc.so.6", "libm.so.6", "libpthread.so.0", "ld-linux-x86-64.so.2", "libgcc_s.so.1", "libstdc++.so.6", "libpython3.11.so.1.0", "libGL.so.1"]) {
      assert.ok(isBaseLibrary(lib), lib);
    }
    for (const lib of ["libz.so.1", "libssl.so.3", "libxml2.so.2"]) assert.ok(!isBaseLibrary(lib), lib);
  });

  it("lists what extension modules need, except base libraries and libraries the wheel carries", async () => {
    const wheel = await buildWheel(
      {
        name: "natty",
        version: "1.0",
        tag: "cp311-cp311-linux_x86_64",
        rootIsPurelib: false,
        files: [
          { path: "natty/_ssl.cpython-311-x86_64-linux-gnu.so", data: sslModule },
          { path: "natty/__init__.py", data: "" },
        ],
      },
      path.join(work.dir, "a"),
    );
    assert.deepEqual(await neededSystemLibraries(wheel.path), ["libcrypto.so.3", "libssl.so.3"]);
    const carried = await buildWheel(
      {
        name: "natty",
        version: "1.0",
        tag: "cp311-cp311-linux_x86_64",
        rootIsPurelib: false,
        files: [
          { path: "natty/_ssl.cpython-311-x86_64-linux-gnu.so", data: sslModule },
          { path: "natty.libs/libssl.so.3", data: sqliteModule },
          { path: "natty/_sqlite3.cpython-311-x86_64-linux-gnu.so", data: sqliteModule },
        ],
      },
      path.join(work.dir, "b"),
    );
    const needed = await neededSystemLibraries(carried.path);
    assert.ok(!needed.includes("libssl.so.3"), "a library shipped in the wheel is not a system library");
    assert.ok(needed.includes("libcrypto.so.3") && needed.includes("libsqlite3.so.0"), needed.join(", "));
    const pure = await buildWheel({ name: "pure", version: "1.0", files: [{ path: "pure/__init__.py", data: "" }] }, path.join(work.dir, "c"));
    assert.deepEqual(await neededSystemLibraries(pure.path), []);
  });

  it("records the package that provides each library on this machine (dpkg -S on the resolved path)", async () => {
    const wheel = await buildWheel({ name: "natty", version: "2.0", tag: "cp311-cp311-linux_x86_64", files: [{ path: "natty/_ssl.cpython-311-x86_64-linux-gnu.so", data: sslModule }] }, path.join(work.dir, "d"));
    const fake = await scanWheelLibraries(wheel.path, { find: async (s) => `/usr/lib/${s}`, owner: async (f) => (f.endsWith("libssl.so.3") ? "libssl3" : undefined) });
    assert.deepEqual(fake, [{ soname: "libcrypto.so.3" }, { soname: "libssl.so.3", package: "libssl3" }]);
    if (existsSync("/var/lib/dpkg/status")) {
      const find = await createLibraryResolver();
      const real = await scanWheelLibraries(wheel.path, { find, owner: createSystemPackages().owner });
      assert.ok(real.every((l) => typeof l.package === "string" && l.package.length > 0), JSON.stringify(real));
    }
  });
});
