// The native frontend on a real interpreter: second-round build requirements get their own cached environment; config settings reach the backend.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createBuildEnvStore, type BuildEnvStore } from "../../src/build/build-env.js";
import { configSettingsDict, createNativeFrontend, type NativeFrontendOptions } from "../../src/build/native-frontend.js";
import { createSystemPackages } from "../../src/build/system-packages.js";
import { openCache, type Cache } from "../../src/cache/cache.js";
import { isPyvendorError } from "../../src/errors.js";
import type { DistributionFile } from "../../src/package-index/finder.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { describeTarget, type Target } from "../../src/python/target.js";
import { readWheelMetadata } from "../../src/wheel/read-metadata.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { buildSdist, type BuiltSdist } from "../helpers/sdist.js";
import { buildWheel, type BuiltWheel } from "../helpers/wheel-factory.js";

const BACKEND = `
import json, os, zipfile
def get_requires_for_build_wheel(config_settings=None):
    return ["helperlib>=1.0"]
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    import helperlib
    print("config:", json.dumps(config_settings, sort_keys=True))
    print("helper says", helperlib.WORD, "epoch", os.environ.get("SOURCE_DATE_EPOCH"))
    if (config_settings or {}).get("fail") == "yes":
        raise SystemExit("asked to fail")
    name = "two_round-1.0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        z.writestr("two_round/__init__.py", "")
        z.writestr("two_round-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: two-round\\nVersion: 1.0\\n\\n")
        z.writestr("two_round-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: t\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n\\n")
        z.writestr("two_round-1.0.dist-info/RECORD", "")
    return name
`;

describe("native frontend", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let cache: Cache;
  let target: Target;
  let sdist: BuiltSdist;
  let helper: BuiltWheel;
  let envs: BuildEnvStore;
  const listed: string[] = [];
  const options = (extra: Partial<NativeFrontendOptions> = {}): NativeFrontendOptions => ({
    cache,
    source: {
      listFiles: async (project) => {
        listed.push(project);
        const file: DistributionFile = { project: "helperlib", version: "1.0.0", filename: helper.filename, kind: "wheel", url: "https://x/h.whl", hashes: {}, yanked: false, index: "x" };
        return project === "helperlib" ? [file] : [];
      },
      download: async () => ({ path: helper.path, sha256: helper.sha256 }),
      readMetadata: readWheelMetadata,
    },
    envs,
    packages: createSystemPackages({ run: async () => undefined, debian: true }),
    configSettings: {},
    isolation: true,
    env: cleanEnv({ SOURCE_DATE_EPOCH: "315532800" }),
    workDir: path.join(work.dir, "work"),
    settingsKey: "k",
    events: () => {},
    ...extra,
  });
  let n = 0;
  const request = () => ({ sdistPath: sdist.path, sdistFilename: sdist.filename, sdistSha256: sdist.sha256, project: "two-round", version: "1.0", target, outDir: path.join(work.dir, `out-${n}`), logFile: path.join(work.dir, `log-${n++}.txt`) });

  before(async () => {
    work = await tempDir();
    cache = await openCache({ dir: path.join(work.dir, "cache") });
    target = describeTarget(await inspectPython("python3"));
    const src = path.join(work.dir, "src");
    await mkdir(path.join(src, "_b"), { recursive: true });
    await writeFile(path.join(src, "pyproject.toml"), '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_b"]\n\n[project]\nname = "two-round"\nversion = "1.0"\n');
    await writeFile(path.join(src, "_b", "backend.py"), BACKEND);
    sdist = await buildSdist(src, path.join(work.dir, "dists"));
    helper = await buildWheel({ name: "helperlib", version: "1.0.0", files: [{ path: "helperlib/__init__.py", data: "WORD = 'hi'\n" }] }, path.join(work.dir, "wheels"));
    envs = createBuildEnvStore({ envsDir: cache.envsDir, storeDir: path.join(cache.dir, "unpacked-v2") });
  });
  after(() => work.cleanup());

  it("installs get_requires_for_build_wheel's answer into a second, cached environment and records it", async () => {
    const frontend = createNativeFrontend(options({ configSettings: { "--opt": ["a", "b"], k: ["v"] } }));
    const req = request();
    const result = await frontend.build(req);
    assert.equal(path.basename(result.wheelPath), "two_round-1.0-py3-none-any.whl");
    assert.deepEqual(result.buildRequirements, ["helperlib==1.0.0"]);
    assert.deepEqual(envs.stats, { created: 2, reused: 0 }, "the empty base set, then base + helperlib");
    const log = await readFile(req.logFile, "utf8");
    assert.match(log, /^config: \{"--opt": \["a", "b"\], "k": "v"\}$/m);
    assert.match(log, /^helper says hi epoch 315532800$/m);
    assert.deepEqual(listed, ["helperlib"]);
  });

  it("with a fresh process per hook (PEP 517's recommendation) the result is the same, from the cached environments", async () => {
    const result = await createNativeFrontend(options({ hookProcess: "fresh" })).build(request());
    assert.deepEqual(result.buildRequirements, ["helperlib==1.0.0"]);
    assert.deepEqual(envs.stats, { created: 2, reused: 2 });
  });

  it("a failing build_wheel is E_BUILD_FAILED with the backend's message and the log", async () => {
    const req = request();
    await assert.rejects(createNativeFrontend(options({ configSettings: { fail: ["yes"] } })).build(req), (err) => {
      assert.ok(isPyvendorError(err, "E_BUILD_FAILED"));
      assert.match(err.message, /failed: SystemExit: asked to fail$/);
      assert.equal(err.data.log, req.logFile);
      return true;
    });
  });

  it("build requirements that exist only as sdists and need each other end in E_BUILD_CYCLE, not a hang", async () => {
    const sdists = new Map<string, BuiltSdist>();
    for (const [name, needs] of [["cyc-x", "cyc-y"], ["cyc-y", "cyc-x"]] as const) {
      const dir = path.join(work.dir, name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "pyproject.toml"), `[build-system]\nrequires = ["${needs}"]\nbuild-backend = "whatever"\n\n[project]\nname = "${name}"\nversion = "1.0"\n`);
      sdists.set(name, await buildSdist(dir, path.join(work.dir, "cycle-dists")));
    }
    const top = path.join(work.dir, "cyc-top");
    await mkdir(top, { recursive: true });
    await writeFile(path.join(top, "pyproject.toml"), '[build-system]\nrequires = ["cyc-x"]\nbuild-backend = "whatever"\n\n[project]\nname = "cyc-top"\nversion = "1.0"\n');
    const topSdist = await buildSdist(top, path.join(work.dir, "cycle-dists"));
    const source: NativeFrontendOptions["source"] = {
      listFiles: async (project) => {
        const s = sdists.get(project);
        return s ? [{ project, version: "1.0", filename: s.filename, kind: "sdist", url: `https://x/${s.filename}`, hashes: {}, yanked: false, index: "x" }] : [];
      },
      download: async (file) => ({ path: sdists.get(file.project)!.path, sha256: sdists.get(file.project)!.sha256 }),
      readMetadata: readWheelMetadata,
    };
    const req = { ...request(), sdistPath: topSdist.path, sdistFilename: topSdist.filename, sdistSha256: topSdist.sha256, project: "cyc-top" };
    await assert.rejects(createNativeFrontend(options({ source })).build(req), (err) => {
      assert.ok(isPyvendorError(err, "E_BUILD_CYCLE"), String(err));
      assert.match(err.message, /cyc-x → cyc-y → cyc-x/);
      return true;
    });
  });

  it("config settings: one value is a string, several a list", () => {
    assert.deepEqual(configSettingsDict({ a: ["1"], b: ["1", "2"], c: [""] }), { a: "1", b: ["1", "2"], c: "" });
  });
});
