// The store's unpacking: in-memory and streamed paths give the same tree, bad wheels leave nothing, memory stays bounded.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { ENTRY_IN_MEMORY_MAX } from "../../src/wheel/store-unpack.js";
import { unpackWheels, type UnpackOptions } from "../../src/wheel/store.js";
import { execa } from "execa";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { buildWheel, type BuiltWheel, type WheelSpec } from "../helpers/wheel-factory.js";

let work: { dir: string; cleanup: () => Promise<void> };
let n = 0;
before(async () => {
  work = await tempDir("pyvendor-store-");
});
after(async () => {
  await work?.cleanup();
});

const options = (storeDir: string, extra: Partial<UnpackOptions> = {}): UnpackOptions => ({ storeDir, readOnly: true, umask: 0o022, ...extra });
const freshStore = () => path.join(work.dir, `store-${++n}`);

/** Every file under `root`: relative path → [mode, bytes]. */
async function tree(root: string): Promise<Map<string, [number, string]>> {
  const out = new Map<string, [number, string]>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(path.relative(root, full), [(await stat(full)).mode & 0o777, (await readFile(full)).toString("base64")]);
    }
  };
  await walk(root);
  return out;
}

async function assertStoreClean(storeDir: string, wheel: BuiltWheel): Promise<void> {
  assert.equal(existsSync(path.join(storeDir, wheel.sha256)), false, "no store entry for a refused wheel");
  const temps = existsSync(storeDir) ? (await readdir(storeDir)).filter((f) => f.startsWith(".tmp-")) : [];
  assert.deepEqual(temps, [], "no temp dir left in the store");
}

/** Rewrites the wheel with the first byte of `entry`'s deflate data an invalid block type; returns its new sha256. */
async function corruptDeflate(wheel: BuiltWheel, entry: string): Promise<BuiltWheel> {
  const zip = await readFile(wheel.path);
  const local = zip.indexOf(Buffer.from(entry)) - 30;
  assert.equal(zip.readUInt32LE(local), 0x04034b50, "found the local header");
  assert.equal(zip.readUInt16LE(local + 8), 8, "the entry is deflated");
  zip[local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)] = 0xff;
  await writeFile(wheel.path, zip);
  return { ...wheel, sha256: createHash("sha256").update(zip).digest("hex") };
}

const mixed: WheelSpec = {
  name: "mixed",
  version: "1.0",
  files: [
    { path: "mixed/__init__.py", data: "X = 1\n" },
    { path: "mixed/empty.py", data: "" },
    { path: "mixed/big.bin", data: Buffer.concat([randomBytes(64 * 1024), Buffer.alloc(ENTRY_IN_MEMORY_MAX + 1000, "pyvendor ")]) },
    { path: "mixed/noise.bin", data: randomBytes(300 * 1024) },
    { path: "mixed/tool.sh", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
    { path: "{data}/scripts/runme", data: "#!python\nprint('hi')\n", mode: 0o755 },
  ],
};

test("the in-memory and the streamed paths unpack a wheel to identical trees", async () => {
  const wheel = await buildWheel(mixed, path.join(work.dir, "wheels"));
  const all = 1 << 30;
  const [a, b, c] = [freshStore(), freshStore(), freshStore()];
  const [byDefault] = await unpackWheels([wheel], options(a)); // big.bin streamed, the rest in memory
  const [inMemory] = await unpackWheels([wheel], options(b, { limits: { wheelInMemory: all, entryInMemory: all } }));
  const [streamed] = await unpackWheels([wheel], options(c, { limits: { wheelInMemory: 0, entryInMemory: 0 } }));
  assert.ok(byDefault && inMemory && streamed && !byDefault.hit);
  const expected = await tree(byDefault.root);
  assert.deepEqual(await tree(inMemory.root), expected);
  assert.deepEqual(await tree(streamed.root), expected);
  const unstamped = (files: typeof byDefault.files) => files.map(({ stamp: _stamp, ...rest }) => rest);
  assert.deepEqual(unstamped(inMemory.files), unstamped(byDefault.files), "same index: sizes, hashes, exec bits, #!python scripts");
  assert.deepEqual(unstamped(streamed.files), unstamped(byDefault.files));
  assert.ok(byDefault.files.every((f) => /^\d+:\d+:\d+$/.test(f.stamp ?? "")), "every file's inode, size and mtime are recorded");
  assert.equal(expected.get("mixed/tool.sh")?.[0], 0o555, "executable, read-only");
  assert.equal(expected.get("mixed/__init__.py")?.[0], 0o444);
  assert.equal(expected.get("mixed/big.bin")?.[1], (mixed.files[2]?.data as Buffer).toString("base64"));
  assert.equal(expected.get("mixed/empty.py")?.[1], "");
  assert.ok(byDefault.files.find((f) => f.path.endsWith("scripts/runme"))?.pythonShebang);
  const [again] = await unpackWheels([wheel], options(a));
  assert.equal(again?.hit, true, "the second unpack is a store hit");
});

for (const [label, limits] of [["in memory", undefined], ["streamed", { wheelInMemory: 0, entryInMemory: 0 }]] as const) {
  test(`corrupt deflate data (${label}) is refused with E_WHEEL_INVALID and leaves no store entry`, async () => {
    const wheel = await buildWheel({ name: `corrupt-${label.replace(" ", "-")}`, version: "1.0", files: [{ path: "c/__init__.py", data: "VALUE = 'x'\n".repeat(200) }] }, path.join(work.dir, "wheels"));
    const corrupt = await corruptDeflate(wheel, "c/__init__.py");
    const storeDir = freshStore();
    await assert.rejects(unpackWheels([corrupt], options(storeDir, limits ? { limits } : {})), (err: unknown) => {
      assert.ok(isPyvendorError(err, "E_WHEEL_INVALID"), String(err));
      assert.match(err.message, /c\/__init__\.py/);
      return true;
    });
    await assertStoreClean(storeDir, corrupt);
  });
}

test("a wheel whose sha256 differs from the expected one is refused before anything is unpacked", async () => {
  const wheel = await buildWheel({ name: "swapped", version: "1.0", files: [{ path: "s/__init__.py", data: "" }] }, path.join(work.dir, "wheels"));
  const storeDir = freshStore();
  await assert.rejects(unpackWheels([{ path: wheel.path, sha256: "0".repeat(64) }], options(storeDir)), (err: unknown) => isPyvendorError(err, "E_HASH_MISMATCH"));
  assert.deepEqual(await readdir(storeDir), []);
});

test("a bad wheel among good ones is refused by its code; the good ones are complete entries, a wheel listed twice is unpacked once", async () => {
  const wheels = await Promise.all(
    Array.from({ length: 3 }, (_, i) =>
      buildWheel({ name: `many${i}`, version: "1.0", files: Array.from({ length: 20 }, (__, k) => ({ path: `many${i}/m${k}.py`, data: `K = ${k}\n`.repeat(k) })) }, path.join(work.dir, "wheels")),
    ),
  );
  const bad = await buildWheel(
    { name: "badhash", version: "1.0", files: [{ path: "b/x.py", data: "A = 1\n" }], tamper: (entries, record) => ({ entries: entries.map((e) => (e.name === "b/x.py" ? { ...e, data: "A = 2\n" } : e)), record }) },
    path.join(work.dir, "wheels"),
  );
  const storeDir = freshStore();
  await assert.rejects(unpackWheels([...wheels, bad], options(storeDir)), (err: unknown) => {
    assert.ok(isPyvendorError(err, "E_RECORD_MISMATCH"), String(err));
    assert.equal(err.data.file, "b/x.py");
    return true;
  });
  await assertStoreClean(storeDir, bad);
  const again = await unpackWheels([wheels[0] as BuiltWheel, ...wheels], options(storeDir));
  assert.ok(again.every((u) => u.hit), "the good wheels were complete store entries");
  const twice = await unpackWheels([wheels[1] as BuiltWheel, wheels[1] as BuiltWheel], options(freshStore()));
  assert.equal(twice[0]?.root, twice[1]?.root);
  assert.ok(twice.every((u) => !u.hit));
});

test("store files get exact read-only modes under a restrictive umask", async () => {
  const wheel = await buildWheel({ name: "umask", version: "1.0", files: [{ path: "u/run.sh", data: "#!/bin/sh\n", mode: 0o755 }] }, path.join(work.dir, "wheels"));
  const old = process.umask(0o077);
  try {
    const [u] = await unpackWheels([wheel], options(freshStore(), { umask: 0o077 }));
    assert.equal((await stat(path.join(u?.root as string, "u", "run.sh"))).mode & 0o777, 0o555);
  } finally {
    process.umask(old);
  }
});

/** Peak RSS (MB) of a fresh Node process that unpacks `wheel` into a new store. */
async function peakRss(wheel: BuiltWheel): Promise<number> {
  const store = new URL("../../src/wheel/store.js", import.meta.url).href;
  const script = [
    `const { unpackWheels } = await import(${JSON.stringify(store)});`,
    `const [w, dir] = JSON.parse(process.argv[1]);`,
    `await unpackWheels([w], { storeDir: dir, readOnly: true, umask: 0o022 });`,
    `process.stdout.write(String(process.resourceUsage().maxRSS / 1024));`,
  ].join("\n");
  const { stdout } = await execa(process.execPath, ["--input-type=module", "-e", script, JSON.stringify([wheel, freshStore()])], { env: cleanEnv() });
  return Number(stdout);
}

test("unpacking holds a bounded amount of memory, whatever the size of an entry or of the wheel", async () => {
  const outDir = path.join(work.dir, "wheels");
  const bigEntry = Buffer.alloc(128 * 1024 * 1024);
  for (let i = 0; i < bigEntry.length; i += 4096) bigEntry.writeUInt32LE(i, i); // compresses ~600:1
  const wheels = [
    await buildWheel({ name: "tiny", version: "1.0", files: [{ path: "t/__init__.py", data: "" }] }, outDir),
    await buildWheel({ name: "bigentry", version: "1.0", files: [{ path: "b/blob.bin", data: bigEntry }] }, outDir),
    // Bigger than WHEEL_IN_MEMORY_MAX, of entries just under ENTRY_IN_MEMORY_MAX: read entry by entry.
    await buildWheel({ name: "bigwheel", version: "1.0", files: Array.from({ length: 6 }, (_, i) => ({ path: `w/r${i}.bin`, data: randomBytes(ENTRY_IN_MEMORY_MAX - 64) })) }, outDir),
  ];
  const rss: number[] = [];
  for (const wheel of wheels) rss.push(await peakRss(wheel));
  const [base = 0, entry = 0, whole = 0] = rss;
  assert.ok(entry - base < 48, `a 128 MiB entry raised peak RSS by ${entry - base} MB (${rss.join(", ")})`);
  assert.ok(whole - base < 48, `a 24 MiB wheel raised peak RSS by ${whole - base} MB (${rss.join(", ")})`);
});

test("stored bytes named as another version's wheel are refused (E_WHEEL_INVALID), with the store warm or cold", async () => {
  const wheel = await buildWheel({ name: "victim", version: "1.0", files: [{ path: "victim/__init__.py", data: "V = 1\n" }] }, path.join(work.dir, "renamed"));
  const renamed = path.join(work.dir, "renamed", "elsewhere", "victim-2.0-py3-none-any.whl");
  await execa("mkdir", ["-p", path.dirname(renamed)]);
  await writeFile(renamed, await readFile(wheel.path));
  const storeDir = freshStore();
  const refused = (err: unknown) => isPyvendorError(err, "E_WHEEL_INVALID") && /victim-2\.0-py3-none-any\.whl: METADATA Version "1\.0"/.test(err.message);
  await assert.rejects(unpackWheels([{ path: renamed, sha256: wheel.sha256 }], options(storeDir)), refused);
  await unpackWheels([{ path: wheel.path, sha256: wheel.sha256 }], options(storeDir)); // the honest name: stored
  await assert.rejects(unpackWheels([{ path: renamed, sha256: wheel.sha256 }], options(storeDir)), refused);
});
