// The hostile-install property: refused cleanly with a PyvendorError, or installed with every file inside the target.
import assert from "node:assert/strict";
import { existsSync, realpathSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { isPyvendorError } from "../../src/errors.js";
import { assertNothingLeft, installBundle, listTree, type BundleInstallOptions } from "./hostile-bundle.js";

export type Outcome = { kind: "installed" } | { kind: "refused"; code: string } | { kind: "known"; issue: string };

export interface ContainedOptions extends BundleInstallOptions {
  /** The case directory: it holds `outside/`, the bundle's own directory and the target's parents only. */
  caseRoot: string;
  /** A sentinel directory next to the target; nothing under it may change. */
  outside: string;
  /** Directories the install must leave as they are (the bundle's). */
  untouched: string[];
  /** The interpreter's real executable: the only place a venv's links (bin/python*) may point outside it. */
  realPython: string;
  /** Lists what exists now that a hostile name could have created (e.g. /tmp/pyvendor-fuzz-evil-*). */
  strays: () => Promise<string[]>;
  /**
   * Names a known bug a failure is (a refusal that is not a PyvendorError), or returns undefined.
   * A known failure must still leave nothing behind; it is returned, not thrown.
   */
  knownIssue?: (err: unknown) => string | undefined;
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}${path.sep}`);
}

/** The real path of `file`, or of its nearest existing ancestor joined with the rest (dangling links). */
function realOrNearest(file: string): string {
  let rest = "";
  for (let current = file; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync.native(current), rest);
    } catch {
      if (current === path.dirname(current)) return file;
      rest = path.join(path.basename(current), rest);
    }
  }
}

/**
 * Asserts that everything under `target` lies inside it: each entry's real parent directory is
 * inside, and each symlink (resolved, or lexically when dangling) points inside, except the
 * venv's own bin/python* links to `realPython`.
 */
export async function assertContained(target: string, realPython: string): Promise<void> {
  const realTarget = realpathSync.native(target);
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(target, full);
    assert.ok(isInside(realpathSync.native(entry.parentPath), realTarget), `${rel} lies outside ${target}`);
    if (!(await lstat(full)).isSymbolicLink()) continue;
    const lexical = path.resolve(entry.parentPath, await readlink(full));
    const resolved = realOrNearest(full);
    if (isInside(resolved, realTarget) && isInside(realOrNearest(lexical), realTarget)) continue;
    const pythonLink = path.basename(entry.parentPath) === "bin" && /^python/.test(entry.name) && resolved === realPython;
    assert.ok(pythonLink, `${rel} is a link out of ${target} (to ${lexical})`);
  }
}

/** Every path under `root` that is neither under one of `allowed` nor one of their ancestors. */
async function strayPaths(root: string, allowed: string[]): Promise<string[]> {
  const rels = allowed.map((a) => path.relative(root, a));
  const ok = (rel: string) => rels.some((a) => rel === a || rel.startsWith(`${a}/`) || a.startsWith(`${rel}/`));
  return (await readdir(root, { recursive: true })).map(String).filter((rel) => !ok(rel));
}

/**
 * Installs and asserts the property: nothing changes under `outside`, the bundle or `strays`,
 * nothing appears in the case dir beside the target; then either the install was refused with
 * a PyvendorError other than E_INTERNAL (or a `knownIssue`) and left nothing behind (assertNothingLeft), or it
 * succeeded and every file of the target lies inside it (assertContained).
 */
export async function installContained(options: ContainedOptions): Promise<Outcome> {
  const outsideBefore = await listTree(options.outside);
  const untouchedBefore = await Promise.all(options.untouched.map((d) => listTree(d)));
  const straysBefore = await options.strays();
  const result = await installBundle(options).then(
    () => ({ ok: true as const }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  assert.deepEqual(await listTree(options.outside), outsideBefore, `nothing may be written under ${options.outside}`);
  assert.deepEqual(await options.strays(), straysBefore, "nothing may be created at a hostile absolute path");
  for (const [i, dir] of options.untouched.entries()) assert.deepEqual(await listTree(dir), untouchedBefore[i], `${dir} must not change`);
  assert.deepEqual(await strayPaths(options.caseRoot, [options.outside, options.dest, ...options.untouched]), [], "nothing may be written beside the target");
  const scratch = path.join(options.cacheDir, "tmp");
  const leftScratch = existsSync(scratch) ? (await readdir(scratch)).filter((n) => n.startsWith("install-")) : [];
  assert.deepEqual(leftScratch, [], "no install scratch dir may be left");
  if (!result.ok) {
    const { err } = result;
    const issue = options.knownIssue?.(err);
    if (issue !== undefined) {
      await assertNothingLeft(options);
      return { kind: "known", issue };
    }
    assert.ok(isPyvendorError(err), `expected a PyvendorError, got ${err instanceof Error ? err.stack : String(err)}`);
    assert.notEqual(err.code, "E_INTERNAL", `E_INTERNAL: ${err.message}`);
    await assertNothingLeft(options);
    return { kind: "refused", code: err.code };
  }
  await assertContained(options.dest, options.realPython);
  return { kind: "installed" };
}
