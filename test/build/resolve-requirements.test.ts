// Build-requirement resolution against a fake index: wheels preferred, sdist-only ones built, dependencies followed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveBuildRequirements, type RequirementSource } from "../../src/build/resolve-requirements.js";
import { isPyvendorError } from "../../src/errors.js";
import type { DistributionFile } from "../../src/package-index/finder.js";
import { describeTarget, type Target } from "../../src/python/target.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { before } from "node:test";

interface FakeRelease {
  files: string[];
  requires?: string[];
}

function fakeIndex(projects: Record<string, FakeRelease[]>) {
  const built: string[] = [];
  const listed: string[] = [];
  const metadata = new Map<string, string[]>();
  const listing = new Map<string, DistributionFile[]>();
  for (const [project, releases] of Object.entries(projects)) {
    const files: DistributionFile[] = [];
    for (const release of releases) {
      for (const filename of release.files) {
        const wheel = filename.endsWith(".whl");
        const version = wheel ? (filename.split("-")[1] as string) : (filename.replace(/\.tar\.gz$/, "").split("-").at(-1) as string);
        files.push({ project, version, filename, kind: wheel ? "wheel" : "sdist", url: `https://x/${filename}`, hashes: {}, yanked: false, index: "x" });
        metadata.set(`${project}==${version}`, release.requires ?? []);
      }
    }
    listing.set(project, files);
  }
  const source: RequirementSource = {
    listFiles: async (project) => {
      listed.push(project);
      const files = listing.get(project);
      if (!files) throw new Error(`no project ${project}`);
      return files;
    },
    download: async (file) => ({ path: `/dl/${file.project}==${file.version}/${file.filename}`, sha256: `sha-${file.filename}` }),
    buildSdist: async (file) => {
      built.push(file.filename);
      return { path: `/built/${file.project}==${file.version}/${file.project}-${file.version}-py3-none-any.whl`, sha256: `built-${file.filename}` };
    },
    readMetadata: async (wheelPath) => {
      const key = wheelPath.split("/")[2] as string;
      return ["Metadata-Version: 2.1", `Name: ${key.split("==")[0]}`, `Version: ${key.split("==")[1]}`, ...(metadata.get(key) ?? []).map((r) => `Requires-Dist: ${r}`), "", ""].join("\n");
    },
  };
  return { source, built, listed };
}

describe("resolveBuildRequirements", () => {
  let target: Target;
  before(async () => {
    target = describeTarget(await inspectPython("python3"));
  });

  it("prefers a compatible wheel of the highest satisfying version and follows dependencies, extras and markers", async () => {
    const { source, built } = fakeIndex({
      setuptools: [{ files: ["setuptools-70.0.0-py3-none-any.whl", "setuptools-70.0.0.tar.gz"] }, { files: ["setuptools-80.0.0-py3-none-any.whl"] }],
      "setuptools-scm": [{ files: ["setuptools_scm-8.0.0-py3-none-any.whl"], requires: ["packaging>=20", "tomli>=1; python_version < '3.11'", "rich; extra == 'rich'"] }],
      packaging: [{ files: ["packaging-24.0-py3-none-any.whl"] }],
      rich: [{ files: ["rich-13.0.0-py3-none-any.whl"] }],
    });
    const wheels = await resolveBuildRequirements(["setuptools>=64", "setuptools_scm[rich]>=8", "ignored; sys_platform == 'win32'"], target, source, { requiredBy: "demo 1.0" });
    assert.deepEqual(wheels.map((w) => `${w.name}==${w.version}`), ["packaging==24.0", "rich==13.0.0", "setuptools==80.0.0", "setuptools-scm==8.0.0"]);
    assert.deepEqual(built, []);
    assert.match(wheels.find((w) => w.name === "setuptools")?.path ?? "", /setuptools-80\.0\.0-py3-none-any\.whl$/);
  });

  it("builds a requirement that is only an sdist, and re-picks when a later specifier excludes the first pick", async () => {
    const { source, built } = fakeIndex({
      "mini-flit": [{ files: ["mini-flit-0.1.0.tar.gz"] }, { files: ["mini-flit-0.2.0.tar.gz"] }],
      plugin: [{ files: ["plugin-1.0-py3-none-any.whl"], requires: ["mini-flit<0.2"] }],
    });
    const wheels = await resolveBuildRequirements(["mini-flit", "plugin"], target, source, { requiredBy: "demo 1.0" });
    assert.deepEqual(wheels.map((w) => `${w.name}==${w.version}`), ["mini-flit==0.1.0", "plugin==1.0"]);
    assert.deepEqual(built, ["mini-flit-0.2.0.tar.gz", "mini-flit-0.1.0.tar.gz"]);
  });

  it("says which requirement of whom cannot be satisfied", async () => {
    const { source } = fakeIndex({ setuptools: [{ files: ["setuptools-60.0.0-py3-none-any.whl"] }] });
    await assert.rejects(resolveBuildRequirements(["setuptools>=64"], target, source, { requiredBy: "demo 1.0" }), (err) => {
      assert.ok(isPyvendorError(err, "E_NO_MATCHING_DISTRIBUTION"));
      assert.match(err.message, /setuptools satisfies >=64 .*demo 1\.0 → setuptools>=64.*offers 60\.0\.0/);
      return true;
    });
  });
});
