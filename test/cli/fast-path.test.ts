// The commander-free fast path takes exactly rollback, releases and install with their flags, nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { matchFastPath } from "../../src/cli/fast-path.js";

test("rollback, releases and install with their own and the global flags take the fast path", () => {
  for (const args of [
    ["rollback", "/srv/app"],
    ["rollback", "/srv/app", "--to", "app-1.0"],
    ["rollback", "--to=app-1.0", "/srv/app", "--no-wait"],
    ["--json", "rollback", "/srv/app"],
    ["-q", "releases", "/srv/app", "-v"],
    ["install", "bundle", "--releases", "/srv/app"],
    ["install", "b.tar.gz", "--releases=/srv/app", "--check", "app --version", "--check", "true", "--keep", "3", "--no-wait"],
    ["--json", "install", "--python", "3.12", "b", "--releases", "/srv/app", "--cache-dir", "/c", "--relocatable"],
    ["install", "bundle", "--venv", ".venv"],
    ["install", "b.zip", "--venv=/srv/v", "--force", "--link-mode", "hardlink", "--compile", "-j", "2", "--check-imports", "--with-pip", "-v"],
    ["install", "--jobs=3", "b", "--venv", "v", "--python", "3.12", "--cache-dir", "/c", "--relocatable", "--link-mode=copy"],
    // The action refuses these combinations itself (E_USAGE), by either route.
    ["install", "bundle", "--releases", "/srv/app", "--force"],
    ["install", "bundle", "--venv", "v", "--releases", "/srv/app"],
    ["install", "bundle", "--venv", "v", "--keep", "2"],
  ]) {
    assert.equal(typeof matchFastPath(args), "function", args.join(" "));
  }
});

test("anything else goes through commander (help, unknown flags, wrong arity, other commands)", () => {
  for (const args of [
    [],
    ["rollback"],
    ["rollback", "/a", "/b"],
    ["rollback", "/srv/app", "--help"],
    ["rollback", "-h"],
    ["rollback", "/srv/app", "--bogus"],
    ["releases", "/srv/app", "--to", "x"],
    ["install", "bundle"],
    ["install", "bundle", "--releases"],
    ["install", "bundle", "--venv"],
    ["install", "bundle", "--venv", "v", "--help"],
    ["install", "bundle", "--venv", "v", "-j", "0"],
    ["install", "bundle", "--venv", "v", "--jobs", "two"],
    ["install", "bundle", "--venv", "v", "-j4"],
    ["install", "bundle", "--venv", "v", "--compile=yes"],
    ["install", "bundle", "--venv", "v", "--bogus"],
    ["install", "bundle", "--releases", "/srv/app", "--keep", "many"],
    ["install", "a", "b", "--releases", "/srv/app"],
    ["--version"],
  ]) {
    assert.equal(matchFastPath(args), undefined, args.join(" "));
  }
});
