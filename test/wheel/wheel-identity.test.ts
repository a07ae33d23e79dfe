// A wheel's METADATA Name/Version must agree with its file name and .dist-info directory.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { checkWheelIdentity, type WheelIdentity } from "../../src/wheel/wheel-identity.js";

const base: WheelIdentity = { filename: "zope.interface-5.0-py3-none-any.whl", distInfo: "zope.interface-5.0.dist-info", name: "zope.interface", version: "5.0" };

function refused(change: Partial<WheelIdentity>, pattern: RegExp): void {
  assert.throws(() => checkWheelIdentity({ ...base, ...change }), (err: unknown) => {
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, "E_WHEEL_INVALID");
    assert.match(err.message, pattern);
    return true;
  });
}

test("names and versions that agree after normalization are accepted, as pip accepts them", () => {
  checkWheelIdentity(base);
  checkWheelIdentity({ ...base, filename: "zope_interface-5.0-py3-none-any.whl", distInfo: "zope_interface-5.0.dist-info", name: "Zope.Interface" });
  checkWheelIdentity({ ...base, version: "5.0.0", distInfo: "zope.interface-5.0.0.dist-info" });
  checkWheelIdentity({ ...base, filename: "foo-1.0.post1-py3-none-any.whl", distInfo: "foo-1.0-1.dist-info", name: "foo", version: "1.0-1" });
  checkWheelIdentity({ ...base, filename: "my_pkg-2.0rc1-py3-none-any.whl", distInfo: "my-pkg-2.0rc1.dist-info", name: "my-pkg", version: "2.0-rc1" });
});

test("a METADATA Name that is a path, or not a valid project name, is refused", () => {
  refused({ name: "../../../../tmp/hdr" }, /METADATA Name "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/hdr" is not a valid project name/);
  refused({ name: "../../x" }, /not a valid project name/);
  refused({ name: "zope.interface/" }, /not a valid project name/);
});

test("another project's METADATA, version or .dist-info is refused", () => {
  refused({ name: "requests" }, /does not match the file name's project zope-interface/);
  refused({ version: "5.1" }, /METADATA Version "5\.1" does not match the file name's version 5\.0/);
  refused({ version: "not a version" }, /METADATA Version/);
  refused({ distInfo: "requests-5.0.dist-info" }, /requests-5\.0\.dist-info does not belong to zope-interface 5\.0/);
  refused({ distInfo: "zope.interface-4.0.dist-info" }, /does not belong/);
  refused({ distInfo: "zope.interface.dist-info" }, /does not belong/);
});
