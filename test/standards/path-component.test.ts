// The one check for names that become paths: every hostile shape refused, every real name kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { componentProblem, relativePathProblem, safeComponent } from "../../src/standards/path-component.js";

const hostile = ["", ".", "..", "a/b", "../x", "a\\b", "C:", "c:evil", "x\0y", "a\nb", "tab\there", "del\u007f", "b".repeat(256), "é".repeat(128)];
const plain = ["hdr", "zope.interface", "Tool-X", "pip3.11", "..foo", "a..b", "névé", "x y", "1.0+local", "b".repeat(255), "é".repeat(127)];

test("a component with a separator, `.`/`..`, a drive letter, NUL or a control character is refused", () => {
  for (const name of hostile) assert.notEqual(componentProblem(name), undefined, JSON.stringify(name));
  for (const name of plain) assert.equal(componentProblem(name), undefined, JSON.stringify(name));
});

test("safeComponent throws E_UNSAFE_PATH naming what and where, and returns a plain name as is", () => {
  assert.equal(safeComponent("hdr", "distribution name", "hdr-1.0-py3-none-any.whl"), "hdr");
  assert.throws(() => safeComponent("../../x", "distribution name", "x-1.0-py3-none-any.whl"), (err: unknown) => {
    assert.ok(isPyvendorError(err));
    assert.equal(err.code, "E_UNSAFE_PATH");
    assert.match(err.message, /x-1\.0-py3-none-any\.whl: distribution name "\.\.\/\.\.\/x" is not a plain file name/);
    return true;
  });
});

test("relative paths: traversal, absolute, drive letters, backslashes and empty parts are refused", () => {
  for (const p of ["", "/etc/passwd", "a/../../b", "..", "C:/x", "a\\b", "a//b", "./a", "a/./b", "x\0", `a/${"x".repeat(256)}/b`]) {
    assert.notEqual(relativePathProblem(p), undefined, JSON.stringify(p));
  }
  for (const p of ["a", "a/b.py", "pkg/", "x-1.0.data/headers/evil.h", "a/..b/c"]) assert.equal(relativePathProblem(p), undefined, p);
});
