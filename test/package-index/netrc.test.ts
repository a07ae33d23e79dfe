import assert from "node:assert/strict";
import { test } from "node:test";
import { netrcLookup, parseNetrc } from "../../src/package-index/netrc.js";

test("machine entries, default, macdef and comments", () => {
  const netrc = parseNetrc(`# my credentials
machine pypi.corp login alice password "pass word"
machine other.example
  login bob
  password b0b
macdef init
  cd /pub
  machine evil.example login x password y

default login anon password anon
`);
  assert.deepEqual(netrcLookup(netrc, "PYPI.corp"), { login: "alice", password: "pass word" });
  assert.deepEqual(netrcLookup(netrc, "other.example"), { login: "bob", password: "b0b" });
  assert.deepEqual(netrcLookup(netrc, "evil.example"), { login: "anon", password: "anon" });
  assert.deepEqual(netrcLookup(netrc, "unknown"), { login: "anon", password: "anon" });
  assert.equal(netrcLookup(parseNetrc(""), "x"), undefined);
});
