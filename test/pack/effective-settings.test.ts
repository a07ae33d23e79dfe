// The merge of the requirements files' options with the caller's (pure).
import assert from "node:assert/strict";
import { test } from "node:test";
import { effectiveSettings } from "../../src/pack/effective-settings.js";
import type { RequirementsFileOptions } from "../../src/standards/requirements-file.js";

const none: RequirementsFileOptions = {
  extraIndexUrls: [], noIndex: false, findLinks: [], pre: false, onlyBinary: [], noBinary: [], preferBinary: false, requireHashes: false, trustedHosts: [],
};

test("nothing given: an empty index input, no binary controls, no --pre", () => {
  assert.deepEqual(effectiveSettings(none, {}), { index: {}, policy: { onlyBinary: [], noBinary: [], preferBinary: false }, pre: false, requireHashes: false });
});

test("a file's options apply; the caller's single values win, lists join (files first), switches are on if either says so", () => {
  const files: RequirementsFileOptions = {
    ...none, indexUrl: "https://file.example/simple/", findLinks: ["/wheels"], trustedHosts: ["file.example"], noIndex: true,
    onlyBinary: ["lxml"], noBinary: [":all:"], pre: true, requireHashes: true,
  };
  const got = effectiveSettings(files, { index: { indexUrl: "https://flag.example/simple/", noIndex: false }, jobs: 3, onlyBinary: ["numpy"], preferBinary: true });
  assert.deepEqual(got.index, { indexUrl: "https://flag.example/simple/", findLinks: ["/wheels"], trustedHosts: ["file.example"], noIndex: false, jobs: 3 });
  assert.deepEqual(got.policy, { onlyBinary: ["lxml", "numpy"], noBinary: [":all:"], preferBinary: true });
  assert.equal(got.pre, true);
  assert.equal(got.requireHashes, true);
});
