// Post-install checks: requirements met for the target (like pip check), and every top-level module imports.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { PythonInfo } from "../../src/python/interpreter.js";
import { assertNoProblems, checkImports, checkInstalled } from "../../src/wheel/check-installed.js";
import { tempDir } from "../helpers/env.js";
import { fixtureWheels } from "../helpers/fixture-wheels.js";
import { installInto, python3 } from "../helpers/install-venv.js";
import { buildWheel } from "../helpers/wheel-factory.js";
import { coverageWheels } from "../helpers/wheel-sets.js";

let work: { dir: string; cleanup: () => Promise<void> };
let python: PythonInfo;
before(async () => {
  work = await tempDir("pyvendor-check-");
  python = await python3();
});
after(async () => {
  await work?.cleanup();
});

test("the demo's four packages satisfy each other, greeter[fast] included", async () => {
  const venv = path.join(work.dir, "demo");
  const { layout } = await installInto(venv, (await fixtureWheels()).map((w) => w.path), { storeDir: path.join(work.dir, "store") });
  const final = { ...layout, stagingDir: venv };
  assert.deepEqual(await checkInstalled({ layout: final, python, requested: [{ name: "demo-app", extras: [] }] }), []);
  const { modules } = await checkImports({ layout: final });
  assert.deepEqual(modules, ["demo_app", "fastmath", "greeter", "hello_cli"]);
});

test("an extra's requirement counts only when the extra is requested", async () => {
  const venv = path.join(work.dir, "greeter-only");
  const wheels = (await fixtureWheels()).filter((w) => w.name === "greeter" || w.name === "hello-cli");
  const { layout } = await installInto(venv, wheels.map((w) => w.path), { storeDir: path.join(work.dir, "store") });
  const final = { ...layout, stagingDir: venv };
  assert.deepEqual(await checkInstalled({ layout: final, python, requested: [{ name: "greeter", extras: [] }] }), []);
  const problems = await checkInstalled({ layout: final, python, requested: [{ name: "Greeter", extras: ["FAST"] }] });
  assert.deepEqual(problems, [{ kind: "missing", package: "greeter", version: "1.0.0", requirement: 'fastmath>=0.1; extra == "fast"' }]);
  assert.throws(() => assertNoProblems(problems), (err: unknown) => isPyvendorError(err, "E_REQUIREMENTS_UNSATISFIED") && /fastmath>=0\.1/.test(err.message));
});

test("missing and conflicting requirements are both reported, and win32-only ones are not", async () => {
  const venv = path.join(work.dir, "coverage");
  const { layout } = await installInto(venv, (await coverageWheels(path.join(work.dir, "gen"))).map((w) => w.path), { storeDir: path.join(work.dir, "store") });
  const problems = await checkInstalled({ layout: { ...layout, stagingDir: venv }, python, requested: [] });
  assert.deepEqual(problems, [
    { kind: "missing", package: "ns_two", version: "1.5", requirement: "not-installed>=1.0" },
    { kind: "conflict", package: "ns_two", version: "1.5", requirement: 'ns-one<1.0; python_version >= "3"', installed: "1.0" },
  ]);
});

test("a module that fails to import: E_IMPORT_CHECK_FAILED with the traceback's last line", async () => {
  const broken = await buildWheel(
    { name: "broken", version: "1.0", topLevel: ["broken", "ghost"], files: [{ path: "broken/__init__.py", data: "import not_a_real_module_xyz\n" }] },
    path.join(work.dir, "gen"),
  );
  const venv = path.join(work.dir, "broken");
  const { layout } = await installInto(venv, [broken.path], { storeDir: path.join(work.dir, "store") });
  await assert.rejects(checkImports({ layout: { ...layout, stagingDir: venv } }), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_IMPORT_CHECK_FAILED"), String(err));
    assert.equal(err.message, "import broken: ModuleNotFoundError: No module named 'not_a_real_module_xyz'");
    return true;
  });
  await checkImports({ layout: { ...layout, stagingDir: venv }, exclude: ["broken"] });
});

test("a .dist-info without METADATA (a wheel may ship one under .data/purelib) is no distribution, as for pip", async () => {
  const venv = path.join(work.dir, "stray");
  const wheel = await buildWheel(
    { name: "stray", version: "1.0", files: [{ path: "stray/__init__.py", data: "" }, { path: "{data}/purelib/junk.dist-info/notes.txt", data: "x\n" }] },
    path.join(work.dir, "stray-wheels"),
  );
  const { layout } = await installInto(venv, [wheel.path], { storeDir: path.join(work.dir, "store") });
  const final = { ...layout, stagingDir: venv };
  assert.deepEqual(await checkInstalled({ layout: final, python, requested: [{ name: "stray", extras: [] }] }), []);
});
