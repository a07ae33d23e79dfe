// Placing planned files and RECORDs through the destination port: no disk, no Python.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { PyvendorEvent } from "../../src/events.js";
import type { VenvLayout } from "../../src/python/venv.js";
import { planWheel, resolveConflicts, type DistPlan } from "../../src/wheel/install-plan.js";
import { makeDirectories, placeFiles, writeRecords } from "../../src/wheel/place.js";
import { sha256Record } from "../../src/wheel/record.js";
import type { UnpackedWheel } from "../../src/wheel/store.js";
import { memoryDestination } from "../helpers/memory-destination.js";

const layout: VenvLayout = {
  finalPath: "/srv/venv", stagingDir: "/srv/.venv-staging", purelib: "lib/python3.11/site-packages", platlib: "lib/python3.11/site-packages",
  scripts: "bin", data: "", headers: "include/site/python3.11", include: "include",
};
const SCRIPT = "#!python\nprint('tool')\n";

function wheel(name: string, extra: Partial<UnpackedWheel> = {}): UnpackedWheel {
  return {
    root: `/store/${name}/files`, sha256: name, filename: `${name}-1.0-py3-none-any.whl`, hit: name === "a",
    distInfo: `${name}-1.0.dist-info`, dataDir: `${name}-1.0.data`, rootIsPurelib: true, name, version: "1.0",
    entryPoints: "[console_scripts]\n" + `${name}-cli = ${name}.cli:main\n`,
    files: [
      { path: `${name}/__init__.py`, size: 4, hash: "sha256=init", exec: false },
      { path: `${name}/cli.py`, size: 9, hash: "sha256=cli", exec: false },
      { path: `${name}-1.0.data/scripts/${name}-tool`, size: SCRIPT.length, hash: "sha256=tool", exec: true, pythonShebang: true },
      { path: `${name}-1.0.dist-info/METADATA`, size: 20, hash: "sha256=meta", exec: false },
      { path: `${name}-1.0.dist-info/RECORD`, size: 0, hash: "", exec: false },
    ],
    ...extra,
  };
}

function plansOf(...wheels: UnpackedWheel[]): DistPlan[] {
  return wheels.map((w) => planWheel(w, { layout, pythonVersion: [3, 11], requested: w.name === "a", relocatable: false }));
}

const baseOptions = (destination: ReturnType<typeof memoryDestination>, plans: DistPlan[], umask = 0o022) => ({
  destination,
  readSource: (src: string) => {
    assert.match(src, /\/store\/[ab]\/files\/[ab]-1\.0\.data\/scripts\/[ab]-tool$/, "only #!python scripts are read");
    return Buffer.from(SCRIPT);
  },
  interpreter: "/srv/venv/bin/python",
  relocatable: false,
  umask,
  storeHits: plans.map((p) => p.name === "a"),
});

test("every planned file goes where the plan says: store files placed with their modes, #!python rewritten, launchers and RECORD written", () => {
  const plans = plansOf(wheel("a"), wheel("b"));
  const dest = memoryDestination({ existing: ["bin/python"] });
  const events: PyvendorEvent[] = [];
  makeDirectories(plans, dest);
  const placed = placeFiles(plans, resolveConflicts(plans), { ...baseOptions(dest, plans), events: (e) => void events.push(e) });
  writeRecords(plans, placed, { destination: dest, umask: 0o022, compiled: [["lib/python3.11/site-packages/a/__pycache__/__init__.cpython-311.pyc"], []] });

  const sp = "lib/python3.11/site-packages";
  assert.deepEqual(dest.files.get(`${sp}/a/__init__.py`), { src: "/store/a/files/a/__init__.py", mode: 0o644 });
  const tool = dest.files.get("bin/a-tool");
  assert.equal(tool?.body?.toString(), "#!/srv/venv/bin/python\nprint('tool')\n");
  assert.equal(tool?.mode, 0o755);
  const launcher = dest.files.get("bin/a-cli");
  assert.match(launcher?.body?.toString() ?? "", /^#!\/srv\/venv\/bin\/python\n[\s\S]*from a\.cli import main/);
  assert.equal(launcher?.mode, 0o755, "a generated launcher: the file mode plus r-x for all, as pip's script maker sets it");
  assert.equal(dest.files.get(`${sp}/a-1.0.dist-info/INSTALLER`)?.body?.toString(), "pyvendor\n");
  assert.ok(dest.files.has(`${sp}/a-1.0.dist-info/REQUESTED`));
  assert.ok(!dest.files.has(`${sp}/b-1.0.dist-info/REQUESTED`), "b was not requested");

  const record = dest.files.get(`${sp}/a-1.0.dist-info/RECORD`)?.body?.toString() ?? "";
  const rewritten = Buffer.from("#!/srv/venv/bin/python\nprint('tool')\n");
  assert.ok(record.includes(`../../../bin/a-tool,${sha256Record(rewritten)},${rewritten.length}\n`), record);
  assert.ok(record.includes("a/__init__.py,sha256=init,4\n"));
  assert.ok(record.includes("a/__pycache__/__init__.cpython-311.pyc,,\n"));
  assert.ok(record.includes("a-1.0.dist-info/RECORD,,\n"));
  assert.equal(dest.files.get(`${sp}/a-1.0.dist-info/RECORD`)?.mode, 0o644);

  const [a, b] = placed.reports;
  assert.deepEqual({ ...a, name: a?.name }, { name: "a", version: "1.0", files: 8, bytes: a?.bytes, linked: 0, reflinked: 0, copied: 3, written: 5, compiled: 1, storeHit: true });
  assert.equal(b?.storeHit, false);
  assert.deepEqual(events.map((e) => (e.type === "install-progress" ? `${e.done}/${e.total} ${e.project}` : e.type)), ["1/2 a", "2/2 b"]);
  // Every directory exists before the first file is placed.
  const firstFile = dest.calls.findIndex((c) => !c.startsWith("mkdir "));
  assert.ok(dest.calls.slice(firstFile).every((c) => !c.startsWith("mkdir ")), dest.calls.join("\n"));
});

test("modes follow the umask (077: nothing for group and others)", () => {
  const plans = plansOf(wheel("a"));
  const dest = memoryDestination();
  makeDirectories(plans, dest);
  placeFiles(plans, resolveConflicts(plans), baseOptions(dest, plans, 0o077));
  assert.equal(dest.files.get("lib/python3.11/site-packages/a/__init__.py")?.mode, 0o600);
  assert.equal(dest.files.get("bin/a-tool")?.mode, 0o711);
  assert.equal(dest.files.get("bin/a-cli")?.mode, 0o755, "0o600 | 0o555, as pip's script maker (distlib) sets a launcher's mode");
});

test("a file the venv already has is E_FILE_CONFLICT naming the package and the path, never overwritten", () => {
  const plans = plansOf(wheel("a", { entryPoints: "[console_scripts]\npython = a.cli:main\n" }));
  const dest = memoryDestination({ existing: ["bin/python"] });
  makeDirectories(plans, dest);
  assert.throws(
    () => placeFiles(plans, resolveConflicts(plans), baseOptions(dest, plans)),
    (err: unknown) => isPyvendorError(err, "E_FILE_CONFLICT") && /a installs bin\/python, which the venv itself already has/.test(err.message),
  );
  assert.equal(dest.files.get("bin/python")?.body?.length, 0);
});

test("a file of the venv where a package needs a directory is E_FILE_CONFLICT before any file is placed", () => {
  const plans = plansOf(wheel("a"));
  const dest = memoryDestination({ existing: ["lib/python3.11/site-packages"] });
  assert.throws(
    () => makeDirectories(plans, dest),
    (err: unknown) => isPyvendorError(err, "E_FILE_CONFLICT") && /^a installs lib\/python3\.11\/site-packages/.test(err.message),
  );
  assert.ok(dest.calls.every((c) => c.startsWith("mkdir ")));
});

test("a RECORD the destination already has is E_FILE_CONFLICT", () => {
  const plans = plansOf(wheel("a"));
  const dest = memoryDestination({ existing: ["lib/python3.11/site-packages/a-1.0.dist-info/RECORD"] });
  makeDirectories(plans, dest);
  const placed = placeFiles(plans, resolveConflicts(plans), baseOptions(dest, plans));
  assert.throws(() => writeRecords(plans, placed, { destination: dest, umask: 0o022 }), (err: unknown) => isPyvendorError(err, "E_FILE_CONFLICT") && /RECORD/.test(err.message));
});
