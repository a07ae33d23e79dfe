import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { resolveIndexSettings } from "../../src/package-index/settings.js";

test("defaults: PyPI, no extras, pip-like timeout and retries", () => {
  const s = resolveIndexSettings({}, { HOME: "/home/u" });
  assert.equal(s.indexUrl, "https://pypi.org/simple/");
  assert.deepEqual(s.extraIndexUrls, []);
  assert.deepEqual(s.findLinks, []);
  assert.equal(s.noIndex, false);
  assert.equal(s.timeoutMs, 15_000);
  assert.equal(s.retries, 5);
  assert.equal(s.offline, false);
  assert.equal(s.netrc, "/home/u/.netrc");
});

test("flags win over PYVENDOR_*, which win over PIP_*", () => {
  const env = {
    PIP_INDEX_URL: "https://pip.example/simple",
    PYVENDOR_INDEX_URL: "https://pv.example/simple",
    PIP_EXTRA_INDEX_URL: "https://e1.example/simple https://e2.example/simple/",
    PIP_FIND_LINKS: "/a /b",
    PYVENDOR_FIND_LINKS: "/c",
    PIP_TRUSTED_HOST: "pip-host",
    PYVENDOR_TRUSTED_HOST: "pv-host other:8080",
    PIP_NO_INDEX: "yes",
    PIP_CERT: "/etc/pip-ca.pem",
  };
  const s = resolveIndexSettings({}, env);
  assert.equal(s.indexUrl, "https://pv.example/simple/");
  assert.deepEqual(s.extraIndexUrls, ["https://e1.example/simple/", "https://e2.example/simple/"]);
  assert.deepEqual(s.findLinks, ["/c"]);
  assert.deepEqual(s.trustedHosts, ["pv-host", "other:8080"]);
  assert.equal(s.noIndex, true);
  assert.equal(s.cert, "/etc/pip-ca.pem");
  const flags = resolveIndexSettings({ indexUrl: "https://flag.example/simple/", findLinks: [], noIndex: false }, env);
  assert.equal(flags.indexUrl, "https://flag.example/simple/");
  assert.deepEqual(flags.findLinks, []);
  assert.equal(flags.noIndex, false);
});

test("proxies from either case of HTTPS_PROXY/HTTP_PROXY/NO_PROXY; NETRC overrides the path", () => {
  const s = resolveIndexSettings({}, { HTTPS_PROXY: "http://p:3128", http_proxy: "http://q:3128", no_proxy: "localhost, .corp", NETRC: "/x/netrc" });
  assert.deepEqual(s.proxy, { https: "http://p:3128", http: "http://q:3128", noProxy: ["localhost", ".corp"] });
  assert.equal(s.netrc, "/x/netrc");
});

test("per-package index overrides are keyed by normalized name", () => {
  const s = resolveIndexSettings({ indexFor: { "My_Private.Pkg": "https://private.example/simple" } }, {});
  assert.deepEqual(s.indexFor, { "my-private-pkg": "https://private.example/simple/" });
});

test("plain-http indexes need a trusted host, except localhost", () => {
  assert.throws(
    () => resolveIndexSettings({ indexUrl: "http://pypi.corp/simple/" }, {}),
    (err: unknown) => isPyvendorError(err, "E_INSECURE_INDEX") && err.message.includes("pypi.corp"),
  );
  assert.throws(() => resolveIndexSettings({ extraIndexUrls: ["http://mirror.corp/simple/"] }, {}), (e: unknown) =>
    isPyvendorError(e, "E_INSECURE_INDEX"),
  );
  resolveIndexSettings({ indexUrl: "http://pypi.corp/simple/", trustedHosts: ["pypi.corp"] }, {});
  resolveIndexSettings({ indexUrl: "http://pypi.corp:8080/simple/" }, { PIP_TRUSTED_HOST: "pypi.corp:8080" });
  resolveIndexSettings({ indexUrl: "http://127.0.0.1:9/simple/" }, {});
  resolveIndexSettings({ indexUrl: "http://localhost:9/simple/" }, {});
});

test("an insecure-index error does not show the credentials", () => {
  assert.throws(
    () => resolveIndexSettings({ indexUrl: "http://alice:hunter2@pypi.corp/simple/" }, {}),
    (err: unknown) => isPyvendorError(err, "E_INSECURE_INDEX") && !JSON.stringify({ m: err.message, d: err.data }).includes("hunter2"),
  );
});

test("malformed values are E_CONFIG", () => {
  assert.throws(() => resolveIndexSettings({}, { PIP_NO_INDEX: "maybe" }), (e: unknown) => isPyvendorError(e, "E_CONFIG"));
  assert.throws(() => resolveIndexSettings({ indexUrl: "not a url" }, {}), (e: unknown) => isPyvendorError(e, "E_CONFIG"));
  assert.throws(() => resolveIndexSettings({}, { PIP_TIMEOUT: "-1" }), (e: unknown) => isPyvendorError(e, "E_CONFIG"));
});
