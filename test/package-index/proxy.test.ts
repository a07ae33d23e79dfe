import assert from "node:assert/strict";
import { test } from "node:test";
import { proxyFor } from "../../src/package-index/proxy.js";

const proxy = { https: "http://proxy:3128", http: "http://proxy:8080", noProxy: ["localhost", ".corp.example", "10.0.0.1", "pypi.local:8443"] };

test("https and http use their own proxy", () => {
  assert.equal(proxyFor(new URL("https://pypi.org/simple/"), proxy), "http://proxy:3128");
  assert.equal(proxyFor(new URL("http://mirror.example/simple/"), proxy), "http://proxy:8080");
  assert.equal(proxyFor(new URL("file:///srv/wheels"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://pypi.org/"), { noProxy: [] }), undefined);
});

test("NO_PROXY matches hosts, domain suffixes, IPs, ports and *", () => {
  assert.equal(proxyFor(new URL("http://localhost:9000/"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://pypi.corp.example/"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://corp.example/"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://notcorp.example/"), proxy), "http://proxy:3128");
  assert.equal(proxyFor(new URL("http://10.0.0.1/"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://pypi.local:8443/"), proxy), undefined);
  assert.equal(proxyFor(new URL("https://pypi.local/"), proxy), "http://proxy:3128");
  assert.equal(proxyFor(new URL("https://anything/"), { ...proxy, noProxy: ["*"] }), undefined);
});
