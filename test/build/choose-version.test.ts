// Choosing a release from an index listing: highest satisfying version, pre-release rules, Requires-Python.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseVersion, namesPrerelease, offeredVersions } from "../../src/build/choose-version.js";
import type { DistributionFile } from "../../src/package-index/finder.js";

function file(filename: string, extra: Partial<DistributionFile> = {}): DistributionFile {
  const wheel = filename.endsWith(".whl");
  const version = wheel ? (filename.split("-")[1] as string) : filename.replace(/^.*-/, "").replace(/\.tar\.gz$/, "");
  return { project: "demo", version, filename, kind: wheel ? "wheel" : "sdist", url: `https://x/${filename}`, hashes: {}, yanked: false, index: "https://x/simple/", ...extra };
}

const any = { pythonVersion: "3.11.7", usable: () => true };
const files = [file("demo-1.0.tar.gz"), file("demo-1.5.tar.gz"), file("demo-2.0b1.tar.gz"), file("demo-1.9.tar.gz", { yanked: "broken" })];

describe("chooseVersion", () => {
  it("takes the highest final version satisfying every specifier; yanked files never count", () => {
    assert.equal(chooseVersion(files, { specifiers: [""], pre: false, targets: [any] })?.version, "1.5");
    assert.equal(chooseVersion(files, { specifiers: [">=1.0", "<1.5"], pre: false, targets: [any] })?.version, "1.0");
    assert.equal(chooseVersion(files, { specifiers: [">=3"], pre: false, targets: [any] }), undefined);
  });

  it("allows pre-releases with --pre or when a specifier names one", () => {
    assert.equal(chooseVersion(files, { specifiers: [""], pre: true, targets: [any] })?.version, "2.0b1");
    assert.equal(chooseVersion(files, { specifiers: [">=2.0b1"], pre: false, targets: [any] })?.version, "2.0b1");
    assert.equal(chooseVersion(files, { specifiers: [">=2"], pre: false, targets: [any] }), undefined);
    assert.equal(namesPrerelease([">=1.0", "!=2.0rc1"]), true);
    assert.equal(namesPrerelease(["==1.*"]), false);
  });

  it("needs a usable file allowed by Requires-Python for every target", () => {
    const listing = [file("demo-2.0.tar.gz", { requiresPython: ">=3.12" }), file("demo-1.0.tar.gz"), file("demo-2.0-cp312-cp312-linux_x86_64.whl")];
    const py311 = { pythonVersion: "3.11.7", usable: (f: DistributionFile) => !f.filename.includes("cp312") };
    const py312 = { pythonVersion: "3.12.1", usable: () => true };
    assert.equal(chooseVersion(listing, { specifiers: [], pre: false, targets: [py312] })?.version, "2.0");
    assert.equal(chooseVersion(listing, { specifiers: [], pre: false, targets: [py311, py312] })?.version, "1.0");
    const wheelsOnly = { pythonVersion: "3.12.1", usable: (f: DistributionFile) => f.kind === "wheel" };
    assert.equal(chooseVersion(listing, { specifiers: [], pre: false, targets: [wheelsOnly] })?.version, "2.0");
  });

  it("lists offered versions newest first", () => {
    assert.deepEqual(offeredVersions(files), ["2.0b1", "1.9", "1.5", "1.0"]);
  });
});
