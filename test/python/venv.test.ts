// createVenv: a venv that behaves like `python -m venv`'s for the final path, and relocatable venvs.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, readlink, rename, stat } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { execa } from "execa";
import { inspectPython } from "../../src/python/interpreter.js";
import { stageAndSwap } from "../../src/python/stage.js";
import { createVenv } from "../../src/python/venv.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { fixtureWheels } from "../helpers/fixture-wheels.js";
import { installInto, python3 } from "../helpers/install-venv.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-venv-");
});
after(async () => {
  await work?.cleanup();
});

const env = () => cleanEnv({ VIRTUAL_ENV: undefined, PYTHONHOME: undefined, PYTHONPATH: undefined });

async function makeVenv(dest: string, options: { relocatable?: boolean; prompt?: string; python?: string } = {}) {
  const python = options.python ? await inspectPython(options.python) : await python3();
  return stageAndSwap(dest, {}, (stagingDir) =>
    createVenv({ stagingDir, finalPath: dest, python, ...(options.relocatable ? { relocatable: true } : {}), ...(options.prompt ? { prompt: options.prompt } : {}) }),
  );
}

test("sys.prefix and site-packages are the final path once the staged dir is renamed there", async () => {
  const dest = path.join(work.dir, "plain");
  const layout = await makeVenv(dest);
  assert.equal(layout.finalPath, dest);
  const { stdout } = await execa(path.join(dest, "bin", "python"), ["-c", "import sys, site; print(sys.prefix); print(sys.base_prefix != sys.prefix); print(site.getsitepackages()[0])"], { env: env() });
  assert.deepEqual(stdout.split("\n"), [dest, "True", path.join(dest, layout.purelib)]);
  assert.equal(existsSync(path.join(dest, "bin", "pip")), false, "no pip unless asked");
});

test("bash: activate sets VIRTUAL_ENV to the final path and the prompt; deactivate restores PATH", async () => {
  const dest = path.join(work.dir, "act");
  await makeVenv(dest, { prompt: "demo" });
  const script = [
    `PS1="$ "; before="$PATH"`,
    `. "${dest}/bin/activate"`,
    `echo "VE=$VIRTUAL_ENV"`,
    `echo "PY=$(command -v python)"`,
    `echo "PS1=$PS1"`,
    `deactivate`,
    `[ "$PATH" = "$before" ] && echo PATH-RESTORED`,
    `echo "VE-AFTER=\${VIRTUAL_ENV-unset}"`,
  ].join("\n");
  const { stdout } = await execa("bash", ["--norc", "--noprofile", "-c", script], { env: env() });
  assert.match(stdout, new RegExp(`^VE=${dest}$`, "m"));
  assert.match(stdout, new RegExp(`^PY=${dest}/bin/python$`, "m"));
  assert.match(stdout, /^PS1=\(demo\) \$ $/m);
  assert.match(stdout, /^PATH-RESTORED$/m);
  assert.match(stdout, /^VE-AFTER=unset$/m);
});

test("pyvenv.cfg, bin/ links and activation scripts equal `python -m venv`'s for every interpreter here", async () => {
  const root = path.join(process.env.PYENV_ROOT ?? path.join(process.env.HOME ?? "/root", ".pyenv"), "versions");
  const versions = existsSync(root) ? (await readdir(root)).filter((v) => /^3\.(8|9|1\d)\./.test(v)) : [];
  assert.ok(versions.length > 0, "no pyenv interpreters found");
  for (const version of versions) {
    const exe = path.join(root, version, "bin", "python3");
    // Same basename, different parents of equal length: only the parent differs in the files.
    const ours = path.join(work.dir, `cmpa-${version}`, "venv");
    const theirs = path.join(work.dir, `cmpb-${version}`, "venv");
    await mkdir(path.dirname(ours), { recursive: true });
    await makeVenv(ours, { python: exe });
    await execa(exe, ["-m", "venv", "--without-pip", theirs], { env: env() });
    const norm = (text: string, dir: string) => text.split(dir).join("<VENV>");
    for (const file of ["pyvenv.cfg", "bin/activate", "bin/activate.fish", "bin/activate.csh", "bin/Activate.ps1", ".gitignore"]) {
      const a = existsSync(path.join(ours, file)) ? norm(await readFile(path.join(ours, file), "utf8"), ours) : undefined;
      const b = existsSync(path.join(theirs, file)) ? norm(await readFile(path.join(theirs, file), "utf8"), theirs) : undefined;
      assert.equal(a, b, `${version}: ${file}`);
    }
    assert.deepEqual((await readdir(path.join(ours, "bin"))).sort(), (await readdir(path.join(theirs, "bin"))).sort(), `${version}: bin/`);
    for (const name of await readdir(path.join(theirs, "bin"))) {
      if (name.startsWith("python")) assert.equal(await readlink(path.join(ours, "bin", name)), await readlink(path.join(theirs, "bin", name)), `${version}: bin/${name}`);
    }
    assert.equal(existsSync(path.join(ours, "lib64")), existsSync(path.join(theirs, "lib64")), `${version}: lib64`);
  }
});

test("under umask 077 the files' modes equal `python -m venv`'s too (activation scripts 0644, pyvenv.cfg 0600)", async () => {
  const ours = path.join(work.dir, "umask-a", "venv");
  const theirs = path.join(work.dir, "umask-b", "venv");
  await mkdir(path.dirname(ours), { recursive: true });
  const old = process.umask(0o077);
  try {
    await makeVenv(ours);
    await execa((await python3()).executable, ["-m", "venv", "--without-pip", theirs], { env: env() });
  } finally {
    process.umask(old);
  }
  for (const file of ["pyvenv.cfg", "bin/activate", "bin/activate.fish", "bin/activate.csh", "bin/Activate.ps1", ".gitignore"]) {
    const mode = async (root: string) => (existsSync(path.join(root, file)) ? (await stat(path.join(root, file))).mode & 0o777 : undefined);
    assert.equal((await mode(ours))?.toString(8), (await mode(theirs))?.toString(8), file);
  }
  assert.equal(((await stat(path.join(ours, "bin/activate"))).mode & 0o777).toString(8), "644");
});

test("a relocatable venv still runs its console scripts and knows its new prefix after a move", async () => {
  const first = path.join(work.dir, "reloc-a", "venv");
  const moved = path.join(work.dir, "reloc-b", "moved venv");
  await mkdir(path.dirname(first), { recursive: true });
  await mkdir(path.dirname(moved), { recursive: true });
  const hello = (await fixtureWheels()).find((w) => w.name === "hello-cli");
  assert.ok(hello);
  await installInto(first, [hello.path], { relocatable: true, storeDir: path.join(work.dir, "store") });
  await rename(first, moved);
  const prefix = await execa(path.join(moved, "bin", "python"), ["-c", "import sys; print(sys.prefix)"], { env: env() });
  assert.equal(prefix.stdout, moved);
  const script = await execa(path.join(moved, "bin", "hello"), [], { env: env() });
  assert.ok(script.stdout.length > 0);
  const viaPython = await execa(path.join(moved, "bin", "hello"), [], { env: env(), reject: false });
  assert.equal(viaPython.exitCode, 0);
  const activated = await execa("bash", ["--norc", "--noprofile", "-c", `. "${moved}/bin/activate" && echo "$VIRTUAL_ENV" && command -v hello`], { env: env() });
  assert.deepEqual(activated.stdout.split("\n"), [moved, path.join(moved, "bin", "hello")]);
});
