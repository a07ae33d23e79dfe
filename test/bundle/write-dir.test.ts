// Incremental directory bundles: unchanged files are kept as they are, so a pin bump is a small git diff.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { writeBundle } from "../../src/bundle/write.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { syntheticBundle, type FakePackage } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir: root, cleanup } = await tempDir("pyvendor-incr-")));
after(() => cleanup());

const V1: FakePackage[] = [
  { name: "alpha", version: "1.0", dependencies: ["beta"] },
  { name: "beta", version: "2.0", requested: false },
  { name: "gamma", version: "0.3", requested: false },
];

test("rewriting reuses unchanged files (same inode and mtime), writes new ones and removes the old", async () => {
  const output = path.join(root, "incr");
  const v1 = await syntheticBundle(path.join(root, "src1"), V1);
  const first = await writeBundle({ output, manifest: v1.manifest, files: v1.files });
  assert.deepEqual(first.reused, []);
  const alpha = path.join(output, "wheels", "alpha-1.0-py3-none-any.whl");
  const before = await stat(alpha);

  const same = await writeBundle({ output, manifest: v1.manifest, files: v1.files });
  assert.deepEqual(same.written, [], "nothing changed, nothing written");
  assert.deepEqual(same.removed, []);

  const v2 = await syntheticBundle(path.join(root, "src2"), [V1[0] as FakePackage, { name: "beta", version: "2.1", requested: false }, { name: "delta", version: "1.0" }]);
  const onlyNew = v2.files.filter((f) => !f.bundlePath.includes("alpha"));
  const second = await writeBundle({ output, manifest: v2.manifest, files: onlyNew });
  assert.deepEqual(second.written, ["manifest.json", "pylock.toml", "requirements.lock", "wheels/beta-2.1-py3-none-any.whl", "wheels/delta-1.0-py3-none-any.whl"]);
  assert.deepEqual(second.reused, ["wheels/alpha-1.0-py3-none-any.whl"]);
  assert.deepEqual(second.removed, ["wheels/beta-2.0-py3-none-any.whl", "wheels/gamma-0.3-py3-none-any.whl"]);
  const after = await stat(alpha);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.deepEqual((await readdir(path.join(output, "wheels"))).sort(), [
    "alpha-1.0-py3-none-any.whl",
    "beta-2.1-py3-none-any.whl",
    "delta-1.0-py3-none-any.whl",
  ]);
  assert.deepEqual((await readdir(root)).filter((n) => n.startsWith(".")), [], "no staging directories left");
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: cleanEnv({ GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" }),
  });
}

test("in git, bumping one pin changes only that package's wheels, manifest.json and the two lock files", async () => {
  const repo = path.join(root, "repo");
  const output = path.join(repo, "vendor", "python");
  execFileSync("mkdir", ["-p", repo]);
  git(repo, "init", "-q");
  const v1 = await syntheticBundle(path.join(root, "git-src1"), V1);
  await writeBundle({ output, manifest: v1.manifest, files: v1.files });
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "bundle v1");

  const v2 = await syntheticBundle(path.join(root, "git-src2"), V1.map((p) => (p.name === "beta" ? { ...p, version: "2.1" } : p)));
  await writeBundle({ output, manifest: v2.manifest, files: v2.files });
  git(repo, "add", "-A");
  const changed = git(repo, "diff", "--cached", "--name-only").trim().split("\n").sort();
  assert.deepEqual(changed, [
    "vendor/python/manifest.json",
    "vendor/python/pylock.toml",
    "vendor/python/requirements.lock",
    "vendor/python/wheels/beta-2.0-py3-none-any.whl",
    "vendor/python/wheels/beta-2.1-py3-none-any.whl",
  ]);
  const stat = git(repo, "diff", "--cached", "--numstat", "--", "vendor/python/requirements.lock", "vendor/python/pylock.toml");
  for (const line of stat.trim().split("\n")) {
    const [added, deleted] = line.split("\t").map(Number);
    assert.ok((added ?? 99) <= 3 && (deleted ?? 99) <= 3, `lock file diff is small: ${line}`);
  }
});
