// Hostile or broken wheels are refused with their own error code, and nothing is left behind.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, symlink } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { stageAndSwap } from "../../src/python/stage.js";
import { createVenv } from "../../src/python/venv.js";
import { checkTarget } from "../../src/wheel/check-target.js";
import { installWheels } from "../../src/wheel/install.js";
import { parseWheelFilename } from "../../src/standards/tags.js";
import { tempDir } from "../helpers/env.js";
import { installInto, python3 } from "../helpers/install-venv.js";
import { buildWheel, type WheelSpec } from "../helpers/wheel-factory.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-unsafe-");
});
after(async () => {
  await work?.cleanup();
});

const good = { path: "good/__init__.py", data: "X = 1\n" };

async function expectRefused(name: string, spec: Partial<WheelSpec>, code: string): Promise<void> {
  const wheel = await buildWheel({ name, version: "1.0", files: [good], ...spec }, path.join(work.dir, "wheels"));
  const dest = path.join(work.dir, "venvs", name);
  const store = path.join(work.dir, "store");
  await assert.rejects(installInto(dest, [wheel.path], { storeDir: store }), (err: unknown) => {
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, code, err.message);
    return true;
  });
  assert.equal(existsSync(dest), false, "the destination must not exist");
  const leftovers = (await readdir(path.dirname(dest))).filter((n) => n.includes("pyvendor-staging"));
  assert.deepEqual(leftovers, [], "the staging dir must be gone");
  assert.equal(existsSync(path.join(store, wheel.sha256)), false, "no store entry for a refused wheel");
  const storeTemps = existsSync(store) ? (await readdir(store)).filter((n) => n.startsWith(".tmp-")) : [];
  assert.deepEqual(storeTemps, [], "no temp dirs left in the store");
}

test("an entry with `..` is refused with E_UNSAFE_PATH", async () => {
  await expectRefused("traversal", { files: [good, { path: "good/../../../evil.py", data: "boom\n" }] }, "E_UNSAFE_PATH");
});

test("an absolute entry is refused with E_UNSAFE_PATH", async () => {
  await expectRefused("absolute", { files: [good, { path: "/tmp/evil.py", data: "boom\n" }] }, "E_UNSAFE_PATH");
});

test("a symlink entry is refused with E_UNSAFE_ENTRY", async () => {
  await expectRefused("symlink", { files: [good, { path: "good/link", data: "/etc/passwd", symlink: true }] }, "E_UNSAFE_ENTRY");
});

test("a file whose hash differs from RECORD is refused with E_RECORD_MISMATCH", async () => {
  await expectRefused(
    "badhash",
    {
      files: [good, { path: "good/big.py", data: "Y = 2\n".repeat(1000) }],
      tamper: (entries, record) => ({
        entries: entries.map((e) => (e.name === "good/big.py" ? { ...e, data: "Y = 3\n".repeat(1000) } : e)),
        record,
      }),
    },
    "E_RECORD_MISMATCH",
  );
});

test("a file missing from RECORD is refused with E_RECORD_MISMATCH", async () => {
  await expectRefused(
    "unlisted",
    { tamper: (entries, record) => ({ entries: [...entries, { name: "good/sneaky.py", data: "Z = 1\n" }], record }) },
    "E_RECORD_MISMATCH",
  );
});

test("a name that is both a file and a directory is refused with E_WHEEL_INVALID", async () => {
  await expectRefused("filedir", { files: [good, { path: "good/x", data: "file\n" }, { path: "good/x/y.py", data: "Y = 1\n" }] }, "E_WHEEL_INVALID");
});

test("a script entry point named like a path is refused with E_UNSAFE_PATH", async () => {
  await expectRefused("badscript", { entryPoints: "[console_scripts]\n../../evil = good:main\n" }, "E_UNSAFE_PATH");
});

test("an incompatible tag is refused with E_NO_COMPATIBLE_WHEEL before anything is written", async () => {
  const wheel = await buildWheel({ name: "alien", version: "1.0", tag: "cp27-cp27mu-manylinux1_x86_64", files: [good] }, path.join(work.dir, "wheels"));
  const python = await python3();
  const supportedTags = ["cp311-cp311-manylinux_2_36_x86_64", "cp311-abi3-linux_x86_64", "py3-none-any"];
  const dest = path.join(work.dir, "venvs", "alien");
  await assert.rejects(
    checkTarget({
      packages: [{ name: "alien", version: "1.0", wheel: { filename: wheel.filename, tags: parseWheelFilename(wheel.filename).tags, systemLibraries: [] } }],
      supportedTags,
      python,
    }),
    (err: unknown) => {
      assert.ok(isPyvendorError(err, "E_NO_COMPATIBLE_WHEEL"), String(err));
      assert.match(err.message, /alien 1\.0/);
      assert.match(err.message, /cp27-cp27mu-manylinux1_x86_64/);
      assert.match(err.message, /cp311-cp311-manylinux_2_36_x86_64/);
      return true;
    },
  );
  assert.equal(existsSync(dest), false);
});

test("a wheel file over one the venv itself has (pyvenv.cfg) is refused with E_FILE_CONFLICT, never written through", async () => {
  const wheel = await buildWheel({ name: "overvenv", version: "1.0", files: [good, { path: "{data}/data/pyvenv.cfg", data: "home = /evil\n" }] }, path.join(work.dir, "wheels"));
  const dest = path.join(work.dir, "venvs", "overvenv");
  await assert.rejects(installInto(dest, [wheel.path], { storeDir: path.join(work.dir, "store"), linkMode: "copy" }), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_FILE_CONFLICT"), String(err));
    assert.match(err.message, /overvenv installs pyvenv\.cfg, which the venv itself already has/);
    return true;
  });
  assert.equal(existsSync(dest), false);
});

test("a directory that leads out of the venv through a link is refused with E_UNSAFE_PATH before any file is written", async () => {
  const wheel = await buildWheel({ name: "viaLink", version: "1.0", files: [good, { path: "{data}/data/share/x.txt", data: "x\n" }] }, path.join(work.dir, "wheels"));
  const outside = path.join(work.dir, "outside-link");
  await mkdir(outside, { recursive: true });
  const dest = path.join(work.dir, "venvs", "vialink");
  const python = await python3();
  await assert.rejects(
    stageAndSwap(dest, {}, async (stagingDir) => {
      const layout = await createVenv({ stagingDir, finalPath: dest, python });
      await symlink(outside, path.join(stagingDir, "share")); // as if the venv had such a link
      return installWheels({ layout, python, wheels: [{ path: wheel.path, name: "viaLink", sha256: wheel.sha256, requested: true }], storeDir: path.join(work.dir, "store") });
    }),
    (err: unknown) => isPyvendorError(err, "E_UNSAFE_PATH") && /share leads out of the venv/.test(err.message),
  );
  assert.deepEqual(await readdir(outside), []);
  assert.equal(existsSync(dest), false);
});
