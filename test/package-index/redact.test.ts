import assert from "node:assert/strict";
import { test } from "node:test";
import { hasCredentials, redactText, redactUrl } from "../../src/package-index/redact.js";

test("redactUrl drops user and password and keeps the rest byte for byte", () => {
  assert.equal(redactUrl("https://user:s3cret@pypi.example.com/simple/"), "https://pypi.example.com/simple/");
  assert.equal(redactUrl("https://__token__:pypi-AgE@host:8443/a/b?x=1#frag"), "https://host:8443/a/b?x=1#frag");
  assert.equal(redactUrl("https://TOKEN@host/simple"), "https://host/simple");
  assert.equal(redactUrl("http://u:p%40ss@127.0.0.1/"), "http://127.0.0.1/");
});

test("redactUrl handles an unencoded @ in the password", () => {
  assert.equal(redactUrl("https://user:p@ss@host/simple/"), "https://host/simple/");
});

test("redactUrl leaves URLs without credentials and local paths alone", () => {
  for (const s of ["https://pypi.org/simple/", "/srv/wheels", "./wheels@2", "file:///srv/wheels", "https://host/path/a@b.whl"]) {
    assert.equal(redactUrl(s), s);
  }
  assert.equal(hasCredentials("https://pypi.org/simple/"), false);
  assert.equal(hasCredentials("https://a:b@pypi.org/simple/"), true);
});

test("redactText scrubs every URL inside free text", () => {
  assert.equal(
    redactText("GET https://u:pw@a.example/x failed, then http://t@b.example/ too"),
    "GET https://a.example/x failed, then http://b.example/ too",
  );
});
