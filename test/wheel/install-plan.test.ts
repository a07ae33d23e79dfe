// Where a wheel's files go: names from inside the wheel never leave the venv, even from an old store entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import type { VenvLayout } from "../../src/python/venv.js";
import { planWheel } from "../../src/wheel/install-plan.js";
import type { UnpackedWheel } from "../../src/wheel/store.js";

const layout: VenvLayout = {
  finalPath: "/srv/venv", stagingDir: "/srv/.venv-staging", purelib: "lib/python3.11/site-packages", platlib: "lib/python3.11/site-packages",
  scripts: "bin", data: "", headers: "include/site/python3.11", include: "include",
};

/** An unpacked wheel as the store index gives it; the identity check ran (or not: an entry an older version wrote). */
function unpacked(name: string): UnpackedWheel {
  return {
    root: "/store/x/files", sha256: "x", filename: "hdr-1.0-py3-none-any.whl", hit: true, distInfo: "hdr-1.0.dist-info", dataDir: "hdr-1.0.data",
    rootIsPurelib: true, name, version: "1.0",
    files: [{ path: "hdr-1.0.data/headers/evil.h", size: 3, hash: "sha256=x", exec: false }],
  };
}

const options = { layout, pythonVersion: [3, 11] as [number, number], requested: true, relocatable: false };

test("headers go to <headers>/<Name>", () => {
  const plan = planWheel(unpacked("hdr"), options);
  assert.equal(plan.files[0]?.dest, "include/site/python3.11/hdr/evil.h");
});

test("a Name that is a path is refused where it would become one (E_UNSAFE_PATH), whatever the store says", () => {
  for (const name of ["../../../../tmp/hdr", "..", "a/b", "a\\b"]) {
    assert.throws(() => planWheel(unpacked(name), options), (err: unknown) => isPyvendorError(err, "E_UNSAFE_PATH"), name);
  }
});

test("a file at the venv root named like pyvendor's own (.pyvendor-release.json, .pyvendor-files) is refused (E_FILE_CONFLICT)", () => {
  for (const sub of [".pyvendor-release.json/x", ".pyvendor-files", ".pyvendor-tmp-1"]) {
    const wheel = { ...unpacked("hdr"), files: [{ path: `hdr-1.0.data/data/${sub}`, size: 1, hash: "sha256=x", exec: false }] };
    assert.throws(() => planWheel(wheel, options), (err: unknown) => isPyvendorError(err, "E_FILE_CONFLICT") && /a name pyvendor keeps/.test(err.message), sub);
  }
});
