// `install --releases`, `rollback` and `releases` through the real CLI: switch, reuse, checks, keep, damage, relocation.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { acquireRootLock } from "../../src/deploy/lock.js";
import { runCli, runProcess } from "../helpers/cli.js";
import { tempDir } from "../helpers/env.js";
import { writeVariant } from "./bundle-variants.js";
import { packFixtureBundles, type FixtureBundles } from "./fixture-bundles.js";

interface Status {
  current: string | null;
  previous: string | null;
  releases: { name: string; current: boolean; bundleId: string; relocatable: boolean }[];
}

describe("releases root through the CLI", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let bundles: FixtureBundles;
  let env: NodeJS.ProcessEnv;
  let n = 0;
  const variant = async (version: string) => {
    const dir = path.join(work.dir, `variant-${n++}`);
    return { dir, id: await writeVariant(bundles.a, dir, version) };
  };
  const pv = (...args: string[]) => runCli(args, { env });
  const status = async (root: string): Promise<Status> => {
    const res = await pv("--json", "releases", root);
    assert.equal(res.code, 0, res.stderr);
    return (JSON.parse(res.stdout) as { result: Status }).result;
  };
  const current = (root: string) => readlinkSync(path.join(root, "current"));
  const hello = async (bin: string) => (await runProcess(path.join(bin, "hello"), ["you"], { env })).stdout.trim();

  before(async () => {
    work = await tempDir("pyvendor-releases-");
    bundles = await packFixtureBundles(work.dir, { zip: true });
    env = bundles.env;
  });

  after(async () => {
    await work.cleanup();
  });

  it("installs releases, switches current, rolls back and re-installs an existing release without installing", async () => {
    const root = path.join(work.dir, "app");
    await mkdir(root);
    await writeFile(path.join(root, "notes.txt"), "mine");
    const a = await pv("install", bundles.a, "--releases", root);
    assert.equal(a.code, 0, a.stderr);
    assert.match(current(root), /^releases\/hello-1-[0-9a-f]{12}$/);
    assert.equal(await hello(path.join(root, "current", "bin")), "Hello, you!");
    // Console scripts name the release's own python, so a later switch never changes a running process's files.
    const script = readFileSync(path.join(root, "current", "bin", "hello"), "utf8");
    assert.ok(script.startsWith(`#!${path.join(root, current(root), "bin", "python")}\n`), script.split("\n")[0]);
    const prefix = await runProcess(path.join(root, "current", "bin", "python"), ["-c", "import sys, os; print(os.path.realpath(sys.prefix))"], { env });
    assert.equal(prefix.stdout.trim(), path.join(root, current(root)));
    const releaseA = current(root).slice("releases/".length);
    const record = JSON.parse(readFileSync(path.join(root, "releases", releaseA, ".pyvendor-release.json"), "utf8")) as Record<string, unknown>;
    assert.equal(record.bundle, bundles.a);
    assert.equal(record.name, "hello");
    assert.equal(record.version, "1");
    assert.match(String(record.installedAt), /^\d{4}-\d\d-\d\dT/);

    const b = await pv("install", bundles.b, "--releases", root);
    assert.equal(b.code, 0, b.stderr);
    const releaseB = current(root).slice("releases/".length);
    assert.match(releaseB, /^hello-2-/);
    let st = await status(root);
    assert.deepEqual(st.releases.map((r) => r.name), [releaseA, releaseB]);
    assert.equal(st.current, releaseB);
    assert.equal(st.previous, releaseA);

    const back = await pv("rollback", root);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(current(root), `releases/${releaseA}`);
    const again = await pv("rollback", root);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`${releaseA} is the oldest release in .*history: there is nothing further back to roll back to \\(the other releases: ${releaseB}\\) \\[E_NO_PREVIOUS_RELEASE\\]`));
    assert.match(again.stderr, new RegExp(`hint: Switch to another release by name: pyvendor rollback .* --to ${releaseB}`));

    const reuse = await pv("install", bundles.b, "--releases", root);
    assert.equal(reuse.code, 0, reuse.stderr);
    assert.match(reuse.stdout, /already installed and intact/);
    assert.equal(current(root), `releases/${releaseB}`);
    st = await status(root);
    assert.equal(st.releases.length, 2);

    const to = await pv("rollback", root, "--to", "hello-1");
    assert.equal(to.code, 0, to.stderr);
    assert.equal(current(root), `releases/${releaseA}`);
    assert.equal((await pv("rollback", root)).code, 0, "a rollback after --to returns to where it was");
    assert.equal(current(root), `releases/${releaseB}`);
    const unknown = await pv("rollback", root, "--to", "nope");
    assert.match(unknown.stderr, /E_RELEASE_NOT_FOUND/);

    assert.equal(readFileSync(path.join(root, "notes.txt"), "utf8"), "mine");
    assert.deepEqual((await readdir(root)).sort(), [".pyvendor-history.json", ".pyvendor-lock", "current", "notes.txt", "releases"]);
  });

  it("recognizes an installed bundle from a .zip of it (same id) without installing", async () => {
    const root = path.join(work.dir, "zip");
    assert.equal((await pv("install", bundles.a, "--releases", root)).code, 0);
    const res = await pv("install", bundles.aZip as string, "--releases", root);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /already installed and intact/);
  });

  it("recognizes an installed bundle from an archive whose manifest is not its first entry, and installs from one", async () => {
    // A zip made by another tool (manifest.json last): the cheap manifest read gives up, the
    // bundle reader finds it, and the same reader goes on to install when there is no release.
    const zip = path.join(work.dir, "manifest-last.zip");
    execFileSync("python3", ["-c", [
      "import os, sys, zipfile",
      "src, out = sys.argv[1], sys.argv[2]",
      "names = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs)",
      "names = [n for n in names if n != 'manifest.json'] + ['manifest.json']",
      "z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)",
      "[z.write(os.path.join(src, n), n) for n in names]",
      "z.close()",
    ].join("\n"), bundles.a, zip]);
    const fresh = path.join(work.dir, "manifest-last-fresh");
    const first = await pv("install", zip, "--releases", fresh);
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stdout, /already installed/);
    assert.equal(await hello(path.join(fresh, "current", "bin")), "Hello, you!");
    const second = await pv("install", zip, "--releases", fresh);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already installed and intact/);
    const root = path.join(work.dir, "manifest-last");
    assert.equal((await pv("install", bundles.a, "--releases", root)).code, 0);
    const res = await pv("install", zip, "--releases", root);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /already installed and intact/);
    assert.equal((await readdir(path.join(root, "releases"))).length, 1);
  });

  it("a failing --check aborts the switch: current unchanged, the failed release removed, the reason shown", async () => {
    const root = path.join(work.dir, "check");
    assert.equal((await pv("install", bundles.a, "--releases", root, "--check", "hello ok")).code, 0);
    const before = current(root);
    const v = await variant("bad");
    const res = await pv("install", v.dir, "--releases", root, "--check", "python -c 'import hello_cli' && echo fine", "--check", "echo boom >&2; exit 3");
    assert.equal(res.code, 1);
    assert.match(res.stderr, /E_CHECK_FAILED/);
    assert.match(res.stderr, /echo boom >&2; exit 3/);
    assert.match(res.stderr, /status 3/);
    assert.match(res.stderr, /boom/);
    assert.equal(current(root), before);
    assert.deepEqual(await readdir(path.join(root, "releases")), [before.slice("releases/".length)]);
    const env2 = await pv("install", v.dir, "--releases", root, "--check", 'test "$VIRTUAL_ENV" = "$(dirname "$(dirname "$(command -v python)")")"');
    assert.equal(env2.code, 0, `checks run with the venv activated: ${env2.stderr}`);
  });

  it("--keep removes the oldest releases but never the current or the previous one", async () => {
    const root = path.join(work.dir, "keep");
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const v = await variant(`k${i}`);
      assert.equal((await pv("install", v.dir, "--releases", root, "--keep", "2")).code, 0);
      names.push(current(root).slice("releases/".length));
    }
    assert.deepEqual((await status(root)).releases.map((r) => r.name), names.slice(2));
    assert.equal((await pv("rollback", root, "--to", names[2] as string)).code, 0);
    const v = await variant("k4");
    assert.equal((await pv("install", v.dir, "--releases", root, "--keep", "0")).code, 0);
    const st = await status(root);
    assert.deepEqual(st.releases.map((r) => r.name).sort(), [names[2], current(root).slice("releases/".length)].sort());
    assert.equal(st.previous, names[2]);
  });

  it("refuses to roll back to a damaged release, and rebuilds it when its bundle is installed again", async () => {
    const root = path.join(work.dir, "damaged");
    assert.equal((await pv("install", bundles.a, "--releases", root)).code, 0);
    const releaseA = current(root).slice("releases/".length);
    assert.equal((await pv("install", bundles.b, "--releases", root)).code, 0);
    await rm(path.join(root, "releases", releaseA, "bin", "hello"));
    const res = await pv("rollback", root);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /E_RELEASE_DAMAGED/);
    assert.match(res.stderr, /bin\/hello is missing/);
    const again = await pv("install", bundles.a, "--releases", root);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /installed release/);
    assert.equal(await hello(path.join(root, "current", "bin")), "Hello, you!");
  });

  it("refuses a root whose current is not a symlink, and usage mistakes", async () => {
    const root = path.join(work.dir, "not-a-root");
    await mkdir(path.join(root, "current"), { recursive: true });
    const res = await pv("install", bundles.a, "--releases", root);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /E_NOT_A_RELEASES_ROOT/);
    assert.ok(existsSync(path.join(root, "current")));
    assert.match((await pv("rollback", path.join(work.dir, "nowhere"))).stderr, /E_NOT_A_RELEASES_ROOT/);
    assert.match((await pv("install", bundles.a, "--releases", root, "--venv", "x")).stderr, /E_USAGE/);
    assert.match((await pv("install", bundles.a, "--venv", path.join(work.dir, "v"), "--check", "true")).stderr, /E_USAGE/);
  });

  it("two installs started at once on one root both finish, one after the other", async () => {
    const root = path.join(work.dir, "concurrent");
    const [v1, v2] = [await variant("c1"), await variant("c2")];
    const [r1, r2] = await Promise.all([pv("install", v1.dir, "--releases", root), pv("install", v2.dir, "--releases", root)]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r2.code, 0, r2.stderr);
    const st = await status(root);
    assert.equal(st.releases.length, 2);
    assert.deepEqual(new Set(st.releases.map((r) => r.bundleId)), new Set([v1.id, v2.id]));
    const last = st.releases.at(-1)?.name;
    assert.equal(st.current, last, "the release installed last is current");
    assert.equal(st.previous, st.releases[0]?.name);
    assert.deepEqual((await readdir(path.join(root, "releases"))).filter((x) => x.startsWith(".")), []);
  });

  it("waits for the root's lock, or fails at once with E_LOCKED under --no-wait", async () => {
    const root = path.join(work.dir, "locked");
    assert.equal((await pv("install", bundles.a, "--releases", root)).code, 0);
    assert.equal((await pv("install", bundles.b, "--releases", root)).code, 0);
    const lock = await acquireRootLock(path.join(root, ".pyvendor-lock"), { command: "test" });
    const busy = await pv("rollback", root, "--no-wait");
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /E_LOCKED/);
    assert.match(busy.stderr, new RegExp(`locked by pid ${process.pid}`));
    assert.match((await pv("install", bundles.a, "--releases", root, "--no-wait")).stderr, /E_LOCKED/);
    const waiting = pv("rollback", root);
    // It cannot finish while this process holds the lock (finishing early at all would be the bug).
    const early = await Promise.race([waiting.then(() => "finished"), new Promise((r) => setTimeout(() => r("still waiting"), 300))]);
    assert.equal(early, "still waiting");
    lock.release();
    const res = await waiting;
    assert.equal(res.code, 0, res.stderr);
    assert.match(current(root), /^releases\/hello-1-/);
  });

  it("a --relocatable release runs from wherever it is moved or copied", async () => {
    const root = path.join(work.dir, "reloc");
    const res = await pv("install", bundles.b, "--releases", root, "--relocatable");
    assert.equal(res.code, 0, res.stderr);
    assert.equal((await status(root)).releases[0]?.relocatable, true);
    const plain = await pv("install", bundles.b, "--releases", root);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(current(root), /^releases\/hello-2-[0-9a-f]{12}-2$/, "a relocatable release is not reused for a plain install");
    assert.equal((await pv("install", bundles.b, "--releases", root, "--relocatable")).code, 0);
    const moved = path.join(work.dir, "moved-root");
    await rename(root, moved);
    assert.equal(await hello(path.join(moved, "current", "bin")), "Hello, you!");
    const release = current(moved);
    const copy = path.join(work.dir, "elsewhere", "release copy");
    await mkdir(path.dirname(copy), { recursive: true });
    execFileSync("cp", ["-a", path.join(moved, release), copy]);
    await rm(moved, { recursive: true });
    assert.equal(await hello(path.join(copy, "bin")), "Hello, you!");
    const py = await runProcess(path.join(copy, "bin", "python"), ["-c", "import sys, greeter; print(sys.prefix)"], { env });
    assert.equal(py.stdout.trim(), copy, py.stderr);
    const sourced = await runProcess("/bin/bash", ["-c", `. "${copy}/bin/activate" && echo "$VIRTUAL_ENV" && command -v hello`], { env });
    assert.equal(sourced.stdout.trim(), `${copy}\n${copy}/bin/hello`, sourced.stderr);
  });
});
