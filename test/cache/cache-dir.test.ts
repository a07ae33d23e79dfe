import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveCacheDir } from "../../src/cache/cache-dir.js";

test("--cache-dir, then PYVENDOR_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache", () => {
  const env = { PYVENDOR_CACHE_DIR: "/p", XDG_CACHE_HOME: "/x", HOME: "/home/u" };
  assert.equal(resolveCacheDir({ dir: "/flag", env }), "/flag");
  assert.equal(resolveCacheDir({ env }), "/p");
  assert.equal(resolveCacheDir({ env: { XDG_CACHE_HOME: "/x", HOME: "/home/u" } }), "/x/pyvendor");
  assert.equal(resolveCacheDir({ env: { HOME: "/home/u" } }), "/home/u/.cache/pyvendor");
  assert.equal(resolveCacheDir({ env: { XDG_CACHE_HOME: "relative", HOME: "/home/u" } }), "/home/u/.cache/pyvendor", "a relative XDG path is ignored");
});

test("root uses ~/.cache like everyone else, and /var/cache/pyvendor only without a home", () => {
  assert.equal(resolveCacheDir({ env: { HOME: "/root" }, uid: 0 }), "/root/.cache/pyvendor");
  const homeless = resolveCacheDir({ env: { HOME: "/" }, uid: 0 });
  assert.ok(homeless === "/var/cache/pyvendor" || homeless === "/.cache/pyvendor");
  assert.equal(resolveCacheDir({ env: { HOME: "/" }, uid: 1000 }), "/.cache/pyvendor");
});
