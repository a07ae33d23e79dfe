// [build-system] of a source tree: the table as written, the legacy setuptools default, and refusals.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { LEGACY_BUILD_SYSTEM, readBuildSystem } from "../../src/build/build-system.js";
import { isPyvendorError } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";

describe("readBuildSystem", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let n = 0;
  const tree = async (pyproject?: string) => {
    const dir = path.join(work.dir, `t${n++}`);
    await mkdir(dir, { recursive: true });
    if (pyproject !== undefined) await writeFile(path.join(dir, "pyproject.toml"), pyproject);
    return dir;
  };
  before(async () => {
    work = await tempDir();
  });
  after(() => work.cleanup());

  it("uses setuptools' legacy backend when there is no pyproject.toml or no [build-system]", async () => {
    for (const dir of [await tree(), await tree('[project]\nname = "x"\n')]) {
      const bs = await readBuildSystem(dir, "x");
      assert.deepEqual(bs, { requires: ["setuptools>=40.8.0"], backend: "setuptools.build_meta:__legacy__", backendPath: [], legacy: true });
    }
    assert.equal(LEGACY_BUILD_SYSTEM.backend, "setuptools.build_meta:__legacy__");
  });

  it("reads requires, build-backend and backend-path (made absolute inside the tree)", async () => {
    const dir = await tree('[build-system]\nrequires = ["flit_core >=3.2,<4"]\nbuild-backend = "flit_core.buildapi"\nbackend-path = [".", "_build"]\n');
    const bs = await readBuildSystem(dir, "x");
    assert.deepEqual(bs, { requires: ["flit_core >=3.2,<4"], backend: "flit_core.buildapi", backendPath: [dir, path.join(dir, "_build")], legacy: false });
  });

  it("a table without build-backend keeps its requires with the legacy backend", async () => {
    const bs = await readBuildSystem(await tree('[build-system]\nrequires = ["setuptools>=61", "wheel"]\n'), "x");
    assert.equal(bs.backend, "setuptools.build_meta:__legacy__");
    assert.deepEqual(bs.requires, ["setuptools>=61", "wheel"]);
  });

  const bad: [string, string][] = [
    ["invalid TOML", "[build-system\n"],
    ["requires that is not a list", '[build-system]\nrequires = "setuptools"\n'],
    ["an invalid requirement", '[build-system]\nrequires = ["setup tools >"]\n'],
    ["a malformed backend name", '[build-system]\nrequires = []\nbuild-backend = "not a module"\n'],
    ["a backend-path outside the tree", '[build-system]\nrequires = []\nbuild-backend = "b"\nbackend-path = ["../elsewhere"]\n'],
  ];
  for (const [what, text] of bad) {
    it(`refuses ${what} with E_BUILD_BACKEND naming the project`, async () => {
      await assert.rejects(readBuildSystem(await tree(text), "demo"), (err) => isPyvendorError(err, "E_BUILD_BACKEND") && err.message.startsWith("demo:"));
    });
  }
});
