// The venv on disk as the installer's destination: exact modes whatever the umask, never through a link.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { diskDestination } from "../../src/wheel/destination.js";
import { createLinker } from "../../src/wheel/link.js";
import { tempDir } from "../helpers/env.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-destination-");
});
after(async () => {
  await work?.cleanup();
});

let n = 0;
function venv(): string {
  const root = path.join(work.dir, `venv-${++n}`);
  mkdirSync(path.join(root, "bin"), { recursive: true });
  return root;
}

test("under umask 077 a launcher written r-x for all is 0755 on disk, as pip's script maker leaves it; other modes as given", () => {
  const root = venv();
  const old = process.umask(0o077);
  try {
    const dest = diskDestination(root, createLinker("copy"), 0o077);
    dest.write("bin/tool", "#!/venv/bin/python\n", 0o600 | 0o555);
    dest.write("bin/data", "x", 0o600);
    assert.equal(statSync(path.join(root, "bin/tool")).mode & 0o777, 0o755);
    assert.equal(statSync(path.join(root, "bin/data")).mode & 0o777, 0o600);
    assert.equal(readFileSync(path.join(root, "bin/tool"), "utf8"), "#!/venv/bin/python\n");
  } finally {
    process.umask(old);
  }
});

test("a copy gets exactly its mode; a path taken, or a link in its place, is EEXIST and left alone", () => {
  const root = venv();
  const store = path.join(work.dir, `store-${n}`);
  mkdirSync(store);
  writeFileSync(path.join(store, "mod.py"), "print(1)\n", { mode: 0o444 });
  const outside = path.join(work.dir, `outside-${n}`);
  writeFileSync(outside, "keep");
  symlinkSync(outside, path.join(root, "bin/python"));
  const dest = diskDestination(root, createLinker("copy"), 0o022);
  dest.makeDirectory("lib/site-packages");
  assert.equal(dest.place(path.join(store, "mod.py"), "lib/site-packages/mod.py", 0o644), "copy");
  assert.equal(statSync(path.join(root, "lib/site-packages/mod.py")).mode & 0o777, 0o644);
  assert.throws(() => dest.write("bin/python", "x", 0o755), { code: "EEXIST" });
  assert.throws(() => dest.place(path.join(store, "mod.py"), "lib/site-packages/mod.py", 0o644), { code: "EEXIST" });
  assert.equal(readFileSync(outside, "utf8"), "keep");
});

test("a directory the venv has that leads out of it is E_UNSAFE_PATH", () => {
  const root = venv();
  const elsewhere = path.join(work.dir, `elsewhere-${n}`);
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, path.join(root, "lib"));
  const dest = diskDestination(root, createLinker("copy"), 0o022);
  assert.throws(() => dest.makeDirectory("lib/site-packages"), (err: unknown) => isPyvendorError(err, "E_UNSAFE_PATH"));
});
