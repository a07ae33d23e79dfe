import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeName, parseDistFilename } from "../../src/package-index/dist-name.js";

test("names normalize per PEP 503", () => {
  assert.equal(normalizeName("Foo.Bar__baz-Qux"), "foo-bar-baz-qux");
});

test("wheels and sdists parse; other files do not", () => {
  assert.deepEqual(parseDistFilename("hello_cli-1.0-py3-none-any.whl"), { project: "hello-cli", version: "1.0", kind: "wheel" });
  assert.deepEqual(parseDistFilename("fastmath-2.0-1-cp311-cp311-linux_x86_64.whl"), { project: "fastmath", version: "2.0", kind: "wheel" });
  assert.deepEqual(parseDistFilename("foo-bar-1.0.post1.tar.gz", "foo-bar"), { project: "foo-bar", version: "1.0.post1", kind: "sdist" });
  assert.deepEqual(parseDistFilename("foo-bar-1.0.zip"), { project: "foo-bar", version: "1.0", kind: "sdist" });
  assert.equal(parseDistFilename("foo-bar-1.0.tar.gz", "foo"), undefined);
  assert.equal(parseDistFilename("foo-1.0-py3.8.egg"), undefined);
  assert.equal(parseDistFilename("foo-1.0.tar.gz.asc"), undefined);
  assert.equal(parseDistFilename("foo-notaversion-py3-none-any.whl"), undefined);
});
