import assert from "node:assert/strict";
import { test } from "node:test";
import { createCredentialLookup } from "../../src/package-index/credentials.js";
import { parseNetrc } from "../../src/package-index/netrc.js";

test("files on an index's host get that index's credentials; the longest path prefix wins", () => {
  const lookup = createCredentialLookup([
    "https://pypi.org/simple/",
    "https://u1:p1@git.corp/api/projects/1/pypi/simple/",
    "https://u2:p%402@git.corp/api/projects/2/pypi/simple/",
  ]);
  assert.deepEqual(lookup(new URL("https://git.corp/api/projects/2/pypi/files/x.whl")), { username: "u2", password: "p@2" });
  assert.deepEqual(lookup(new URL("https://git.corp/api/projects/1/pypi/simple/x/")), { username: "u1", password: "p1" });
  assert.deepEqual(lookup(new URL("https://git.corp/elsewhere/x.whl")), { username: "u1", password: "p1" });
  assert.equal(lookup(new URL("https://files.pythonhosted.org/x.whl")), undefined);
  assert.equal(lookup(new URL("http://git.corp/api/projects/1/pypi/simple/")), undefined, "another origin");
});

test("netrc is the fallback", () => {
  const lookup = createCredentialLookup(["https://a:b@one.example/simple/"], parseNetrc("machine two.example login n password m"));
  assert.deepEqual(lookup(new URL("https://two.example/simple/")), { username: "n", password: "m" });
  assert.deepEqual(lookup(new URL("https://one.example/simple/")), { username: "a", password: "b" });
});
