// Release directory names and the names pyvendor owns in a releases root.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bundleLabels, isStagingName, isTempName, releaseDirName, releaseFromTarget, tempName } from "../../src/deploy/layout.js";
import { stagingName } from "../../src/python/stage.js";

const pkgs = [
  { name: "requests", version: "2.31.0", requested: false },
  { name: "my-app", version: "1.4.0", requested: true },
];

describe("layout", () => {
  it("names releases from labels, else the first requested package, else the id", () => {
    const id = "0123456789ab";
    assert.equal(releaseDirName(bundleLabels({ name: "app", version: "2.0", requirements: [], packages: pkgs }, id)), "app-2.0-0123456789ab");
    assert.equal(releaseDirName(bundleLabels({ name: "app", requirements: [], packages: pkgs }, id)), "app-0123456789ab");
    assert.equal(releaseDirName(bundleLabels({ requirements: ["My_App[x]==1.4.0"], packages: pkgs }, id)), "my-app-1.4.0-0123456789ab");
    assert.equal(releaseDirName(bundleLabels({ requirements: [], packages: [] }, id)), "0123456789ab");
    assert.equal(releaseDirName({ name: "../evil name/x", version: "1 2", shortId: id }, 3), "evil_name_x-1_2-0123456789ab-3");
  });

  it("tells its own staging and temp names from anything else", () => {
    assert.ok(isStagingName(stagingName("/r/releases/app-1-abc")));
    assert.ok(isStagingName(stagingName("/r/releases/app-1-abc", "old")));
    assert.ok(isTempName(tempName("current")));
    assert.ok(!isStagingName("app-1-abc") && !isTempName("notes.txt") && !isTempName(".pyvendor-history.json"));
    assert.equal(releaseFromTarget("releases/app-1-abc"), "app-1-abc");
    assert.equal(releaseFromTarget("releases/app-1-abc/"), "app-1-abc");
    assert.equal(releaseFromTarget("../elsewhere"), undefined);
    assert.equal(releaseFromTarget("releases/.hidden"), undefined);
  });
});
