// End to end: the bundle holds every dependency — unpinned ones pinned from the index, --strict, conflicts, constraints, the binary policy.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { inspectPython } from "../../src/python/interpreter.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { buildWheel } from "../helpers/wheel-factory.js";

interface Manifest {
  packages: {
    name: string;
    version: string;
    requested: boolean;
    extras: string[];
    wheels: { filename: string; origin: string; systemLibraries: { soname: string; package?: string }[] }[];
  }[];
}

describe("closing the dependency set", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let env: NodeJS.ProcessEnv;
  let n = 0;
  const file = async (text: string) => {
    const p = path.join(work.dir, `requirements-${n++}.txt`);
    await writeFile(p, text);
    return p;
  };
  const pack = async (args: string[]) => {
    const out = path.join(work.dir, `bundle-${n++}`);
    const res = await runCli(["pack", "--index-url", index.server.url, "-o", out, ...args], { env });
    const manifest = res.code === 0 ? (JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8")) as Manifest) : undefined;
    return { res, manifest };
  };
  const pkg = (m: Manifest | undefined, name: string) => m?.packages.find((p) => p.name === name);

  before(async () => {
    work = await tempDir();
    // A wheel-only project whose extension module needs libssl (the interpreter's own _ssl module).
    const info = await inspectPython("python3");
    const dynload = path.join(info.basePrefix, "lib", `python${info.versionInfo[0]}.${info.versionInfo[1]}`, "lib-dynload");
    const ssl = (await readdir(dynload)).find((f) => f.startsWith("_ssl.")) as string;
    const native = await buildWheel(
      { name: "sslish", version: "1.0", tag: "cp311-cp311-linux_x86_64", rootIsPurelib: false, files: [{ path: `sslish/${ssl}`, data: await readFile(path.join(dynload, ssl)) }] },
      path.join(work.dir, "extra"),
    );
    const helloWheel = await buildWheel({ name: "hello-cli", version: "1.1.0", files: [{ path: "hello_cli/__init__.py", data: "" }] }, path.join(work.dir, "extra"));
    index = await startFixtureIndex(
      work.dir,
      [
        "hello-cli",
        { package: "hello-cli", options: { version: "1.1.0" } },
        "greeter",
        "fastmath",
        "demo-app",
        { package: "demo-app", options: { version: "2.0.0", dependencies: ["greeter[fast]>=2", "hello-cli>=1.0"] } },
      ],
      [native.path, helloWheel.path],
      false,
    );
    env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "cache") });
  });

  after(async () => {
    await index.server.stop();
    await work.cleanup();
  });

  it("pins what only demo-app was pinned for: hello-cli, greeter with its extra and fastmath, not requested", async () => {
    const { res, manifest } = await pack(["-r", await file("demo-app==1.0.0\n")]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(manifest?.packages.map((p) => `${p.name}==${p.version} requested=${p.requested}`), [
      "demo-app==1.0.0 requested=true",
      "fastmath==0.1.0 requested=false",
      "greeter==1.0.0 requested=false",
      "hello-cli==1.1.0 requested=false",
    ]);
    assert.deepEqual(pkg(manifest, "greeter")?.extras, ["fast"]);
    assert.match(res.stdout, /3 dependencies were not pinned by the requirements; they were pinned from the index/);
    assert.match(res.stderr, /pinned greeter==1\.0\.0 from the index \(required by demo-app\)/);
  });

  it("-c constraints pin what pack adds", async () => {
    const { res, manifest } = await pack(["-r", await file("demo-app==1.0.0\n"), "-c", await file("hello-cli==1.0.0\n")]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(pkg(manifest, "hello-cli")?.version, "1.0.0");
  });

  it("--strict refuses, printing the exact lines to add", async () => {
    const { res } = await pack(["-r", await file("demo-app==1.0.0\n"), "--strict"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /error: 3 dependencies are not pinned \(--strict\); add: \[E_UNPINNED_REQUIREMENT\]/);
    for (const line of ["greeter[fast]==1.0.0", "hello-cli==1.1.0", "fastmath==0.1.0"]) {
      assert.match(res.stderr, new RegExp(`^ {2}${line.replace(/[[\].]/g, "\\$&")} +# demo-app 1\\.0\\.0 → `, "m"), line);
    }
  });

  it("a conflict shows the chain of requirements and where the pin was written", async () => {
    const reqs = await file("demo-app==2.0.0\ngreeter==1.0.0\nhello-cli==1.0.0\nfastmath==0.1.0\n");
    const { res } = await pack(["-r", reqs]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[E_DEPENDENCY_CONFLICT\]/);
    assert.ok(res.stderr.includes(`demo-app 2.0.0 → greeter[fast]>=2 ; but greeter is pinned to 1.0.0 (${reqs}:2)`), res.stderr);
  });

  it("a wheel-only pin uses the index's wheel with a note; downloaded wheels get their system libraries scanned", async () => {
    const { res, manifest } = await pack(["sslish==1.0"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /note: sslish 1\.0 has no source distribution on the index; using its wheel/);
    const wheel = pkg(manifest, "sslish")?.wheels[0];
    assert.equal(wheel?.origin, "downloaded");
    assert.deepEqual(wheel?.systemLibraries.map((l) => l.soname), ["libcrypto.so.3", "libssl.so.3"]);
    assert.ok(wheel?.systemLibraries.every((l) => l.package), "the Debian package that provided each is recorded");
  });

  it("--prefer-binary and --only-binary take the index's wheels; --no-binary builds", async () => {
    for (const flags of [["--prefer-binary"], ["--only-binary", ":all:"]]) {
      const { res, manifest } = await pack(["hello-cli==1.1.0", ...flags]);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(pkg(manifest, "hello-cli")?.wheels[0]?.origin, "downloaded", flags.join(" "));
    }
    const { res, manifest } = await pack(["hello-cli==1.1.0", "--prefer-binary", "--no-binary", "hello-cli"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(pkg(manifest, "hello-cli")?.wheels[0]?.origin, "built");
  });
});
