// A listed wheel must be its package's, carry the manifest's tags and fit every target it serves.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkListedWheel, type ListedWheel } from "../../src/bundle/check-wheel.js";
import { isPyvendorError } from "../../src/errors.js";

const listed: ListedWheel = {
  pkg: { name: "zope-interface", version: "5.0" },
  wheel: { filename: "zope.interface-5.0.0-py2.py3-none-any.whl", tags: ["py2-none-any", "py3-none-any"], targets: ["cp311-cp311-linux_x86_64"] },
};
const cp311 = ["cp311-cp311-linux_x86_64", "py3-none-any"];

function refused(change: ListedWheel, code: string, pattern: RegExp): void {
  assert.throws(() => checkListedWheel(change, () => cp311), (err: unknown) => {
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

test("a wheel of its package (names and versions normalized), with the file name's tags, fitting its target, passes", () => {
  checkListedWheel(listed, () => cp311);
  checkListedWheel(listed); // without target tags: the name and tag checks only
});

test("a wheel of another project or version is refused, naming the file and its package", () => {
  refused({ ...listed, pkg: { name: "requests", version: "5.0" } }, "E_WHEEL_INVALID", /zope\.interface-5\.0\.0-py2\.py3-none-any\.whl \(listed for requests 5\.0\) is a wheel of zope-interface 5\.0\.0/);
  refused({ ...listed, pkg: { name: "zope-interface", version: "5.1" } }, "E_WHEEL_INVALID", /is a wheel of zope-interface/);
});

test("tags in the manifest that are not the file name's are refused", () => {
  refused({ ...listed, wheel: { ...listed.wheel, tags: ["cp311-cp311-linux_x86_64"] } }, "E_WHEEL_INVALID", /the manifest gives the tags cp311-cp311-linux_x86_64, its file name py2-none-any, py3-none-any/);
});

test("a wheel that fits no tag of a target it serves is refused with E_NO_COMPATIBLE_WHEEL", () => {
  const alien = { filename: "zope.interface-5.0-cp27-cp27mu-manylinux1_x86_64.whl", tags: ["cp27-cp27mu-manylinux1_x86_64"], targets: ["cp311-cp311-linux_x86_64"] };
  refused({ ...listed, wheel: alien }, "E_NO_COMPATIBLE_WHEEL", /cp27-cp27mu-manylinux1_x86_64, which target cp311-cp311-linux_x86_64 does not accept/);
});
