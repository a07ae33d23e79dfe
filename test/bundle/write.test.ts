// writeBundle: byte-for-byte reproducible output, canonical manifest, atomic replacement of outputs.
import assert from "node:assert/strict";
import { chmod, cp, lstat, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, mock, test } from "node:test";
import tar from "tar-stream";
import { createGunzip } from "node:zlib";
import { createReadStream } from "node:fs";
import yauzl from "yauzl";
import { isPyvendorError, type ErrorCode } from "../../src/errors.js";
import { serializeManifest, type Manifest } from "../../src/bundle/manifest.js";
import { sortManifest } from "../../src/bundle/normalize.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { recoverInterruptedWrite, stagingPaths } from "../../src/bundle/write-dir.js";
import { writeBundle, type BundleFile } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { CP311, CP312, syntheticBundle, type FakePackage } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
before(async () => {
  delete process.env.SOURCE_DATE_EPOCH;
  ({ dir: root, cleanup } = await tempDir("pyvendor-write-"));
});
after(() => cleanup());

const PACKAGES: FakePackage[] = [
  { name: "alpha", version: "1.0", dependencies: ["beta"] },
  { name: "beta", version: "2.0", requested: false, withSource: true },
  { name: "gamma", version: "0.3", requested: false, wheels: [{ filename: "gamma-0.3-cp311-cp311-linux_x86_64.whl", targets: [CP311.id], systemLibraries: [{ soname: "libz.so.1", package: "zlib1g" }] }, { filename: "gamma-0.3-cp312-cp312-linux_x86_64.whl", targets: [CP312.id] }] },
];

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  await promise.catch((err: unknown) => (caught = err));
  assert.ok(isPyvendorError(caught), `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
}

/** Every file and directory under `dir` with its mode and content, for byte-for-byte comparison. */
async function snapshot(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(path.join(dir, rel))).sort()) {
    const p = path.join(dir, rel, name);
    const info = await lstat(p);
    const mode = (info.mode & 0o777).toString(8);
    if (info.isDirectory()) out.push(`${rel}${name}/ ${mode}`, ...(await snapshot(dir, `${rel}${name}/`)));
    else out.push(`${rel}${name} ${mode} ${(await readFile(p)).toString("base64")}`);
  }
  return out;
}

/** The same bundle inputs in a new source directory, with given mtimes and modes on the files. */
async function inputs(name: string, mtime: Date, mode: number): Promise<{ manifest: Manifest; files: BundleFile[] }> {
  const made = await syntheticBundle(path.join(root, name), PACKAGES, { targets: [CP312, CP311], name: "demo", version: "1.0" });
  for (const f of made.files) {
    await utimes(f.source, mtime, mtime);
    await chmod(f.source, mode);
  }
  return made;
}

test("the same manifest and files give byte-identical bundles, whatever the source paths, mtimes, modes, clock, time zone and umask", async () => {
  const a = await inputs("src-a", new Date("2001-02-03T04:05:06Z"), 0o600);
  const b = await inputs("src-bbbbbbbb", new Date("2031-12-24T23:59:59Z"), 0o755);
  const outputs: Record<string, Buffer | string[]>[] = [];
  for (const [i, input] of [a, b].entries()) {
    mock.timers.enable({ apis: ["Date"], now: i === 0 ? Date.UTC(2001, 0, 1) : Date.UTC(2040, 5, 6, 7, 8, 9) });
    process.env.TZ = i === 0 ? "UTC" : "Pacific/Chatham";
    const umask = process.umask(i === 0 ? 0o022 : 0o077);
    try {
      const result: Record<string, Buffer | string[]> = {};
      for (const form of ["dir", "tar.gz", "zip"] as const) {
        const output = path.join(root, `out-${i}`, form === "dir" ? "bundle" : `bundle.${form}`);
        await writeBundle({ output, manifest: input.manifest, files: input.files });
        result[form] = form === "dir" ? await snapshot(output) : await readFile(output);
        if (form !== "dir") {
          const bytes = result[form] as Buffer;
          assert.ok(!bytes.includes(Buffer.from(root)), `${form} holds a path of the packing machine`);
        }
      }
      outputs.push(result);
    } finally {
      mock.timers.reset();
      process.umask(umask);
      delete process.env.TZ;
    }
  }
  const [first, second] = outputs as [Record<string, Buffer | string[]>, Record<string, Buffer | string[]>];
  assert.deepEqual(second.dir, first.dir);
  assert.ok((first["tar.gz"] as Buffer).equals(second["tar.gz"] as Buffer), "tar.gz differs");
  assert.ok((first.zip as Buffer).equals(second.zip as Buffer), "zip differs");
  assert.ok((first.dir as string[]).every((line) => / (644|755)( |$)/.test(line)), "modes are 0644/0755");
  const manifestText = await readFile(path.join(root, "out-0", "bundle", "manifest.json"), "utf8");
  assert.ok(!manifestText.includes(root), "manifest.json holds a path of the packing machine");
  assert.ok(!("created" in JSON.parse(manifestText)), "no wall-clock time without SOURCE_DATE_EPOCH");
});

interface EntryFacts {
  name: string;
  mtime: number;
  mode: number;
}

async function tarFacts(file: string): Promise<EntryFacts[]> {
  const extract = tar.extract();
  createReadStream(file).pipe(createGunzip()).pipe(extract);
  const out: EntryFacts[] = [];
  for await (const entry of extract) {
    const h = entry.header;
    assert.equal(h.uid, 0);
    assert.equal(h.gid, 0);
    assert.equal(h.uname ?? "", "");
    assert.equal(h.gname ?? "", "");
    out.push({ name: h.name, mtime: (h.mtime?.getTime() ?? 0) / 1000, mode: h.mode ?? 0 });
    entry.resume();
  }
  return out;
}

function zipFacts(file: string): Promise<EntryFacts[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: EntryFacts[] = [];
      zip.on("entry", (e: yauzl.Entry) => {
        const d = e.getLastModDate({ forceDosFormat: true, timezone: "UTC" });
        out.push({ name: e.fileName, mtime: d.getTime() / 1000, mode: (e.externalFileAttributes >>> 16) & 0o777 });
        zip.readEntry();
      });
      zip.on("end", () => resolve(out));
      zip.readEntry();
    });
  });
}

test("archives start with manifest.json and carry fixed times (1980-01-01, or SOURCE_DATE_EPOCH) and modes", async () => {
  const { manifest, files } = await inputs("src-epoch", new Date(), 0o644);
  for (const epoch of [undefined, 1700000000]) {
    for (const form of ["tar.gz", "zip"] as const) {
      const output = path.join(root, `epoch-${epoch ?? "none"}.${form}`);
      const result = await writeBundle({ output, manifest, files, ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}) });
      assert.equal(result.manifest.created, epoch === undefined ? undefined : "2023-11-14T22:13:20Z");
      const facts = form === "zip" ? await zipFacts(output) : await tarFacts(output);
      if (form === "tar.gz") {
        const header = (await readFile(output)).subarray(0, 10);
        assert.equal(header.readUInt32LE(4), 0, "gzip header mtime is 0");
        assert.equal(header[9], 0xff, "gzip OS byte is fixed (unknown), not the packing OS");
      }
      const names = facts.map((f) => f.name.replace(/\/$/, ""));
      assert.equal(names[0], "manifest.json");
      assert.deepEqual(names.slice(1), [...names.slice(1)].sort());
      for (const f of facts) {
        assert.equal(f.mtime, epoch ?? 315532800, `${form} ${f.name} mtime`);
        assert.equal(f.mode & 0o777, f.name.endsWith("/") || f.name === "wheels" || f.name === "sources" ? 0o755 : 0o644);
      }
    }
  }
});

test("manifest.json is canonical: arrays sorted, keys sorted, 2-space indent, final newline, id recomputed", async () => {
  const { manifest, files } = await inputs("src-canon", new Date(), 0o644);
  const shuffled: Manifest = { ...manifest, id: "sha256:" + "0".repeat(64), targets: [...manifest.targets].reverse(), packages: [...manifest.packages].reverse() };
  const output = path.join(root, "canon");
  const result = await writeBundle({ output, manifest: shuffled, files });
  const text = await readFile(path.join(output, "manifest.json"), "utf8");
  assert.equal(text, serializeManifest(sortManifest(manifest)));
  assert.equal(result.manifest.id, manifest.id);
  assert.ok(text.endsWith("}\n") && text.startsWith('{\n  "format": "1.0.0",\n  "generator"'));
  assert.deepEqual(JSON.parse(text).packages.map((p: { name: string }) => p.name), ["alpha", "beta", "gamma"]);
});

test("a directory that is not a bundle is refused (E_OUTPUT_EXISTS) and left alone; an empty one is used", async () => {
  const { manifest, files } = await inputs("src-exists", new Date(), 0o644);
  const busy = path.join(root, "busy");
  await mkdir(busy);
  await writeFile(path.join(busy, "notes.txt"), "mine");
  await expectCode(writeBundle({ output: busy, manifest, files }), "E_OUTPUT_EXISTS");
  assert.deepEqual(await readdir(busy), ["notes.txt"]);
  const file = path.join(root, "busy.zip");
  await writeFile(file, "not an archive");
  await expectCode(writeBundle({ output: file, manifest, files }), "E_OUTPUT_EXISTS");
  assert.equal(await readFile(file, "utf8"), "not an archive");
  const empty = path.join(root, "empty");
  await mkdir(empty);
  await writeBundle({ output: empty, manifest, files });
  assert.equal((await verifyBundle(empty)).ok, true);
});

test("a failed write leaves the old bundle as it was, and no temp files", async () => {
  const { manifest, files } = await inputs("src-fail", new Date(), 0o644);
  const output = path.join(root, "failing", "bundle");
  await writeBundle({ output, manifest, files });
  const before = await snapshot(output);
  const changed = await syntheticBundle(path.join(root, "src-fail-2"), [...PACKAGES.slice(0, 2), { name: "delta", version: "1.0", wheels: [{ content: "delta" }] }]);
  const impostor = path.join(root, "src-fail-2", "impostor.whl"); // same size, other bytes
  await writeFile(impostor, "DELTA");
  const broken = changed.files.map((f) => (f.bundlePath.includes("delta") ? { ...f, source: impostor } : f));
  await expectCode(writeBundle({ output, manifest: changed.manifest, files: broken }), "E_HASH_MISMATCH");
  assert.deepEqual(await snapshot(output), before);
  assert.deepEqual(await readdir(path.dirname(output)), ["bundle"]);
  for (const form of ["tar.gz", "zip"]) {
    const archive = path.join(root, "failing", `bundle.${form}`);
    await expectCode(writeBundle({ output: archive, manifest: changed.manifest, files: broken }), "E_HASH_MISMATCH");
  }
  assert.deepEqual(await readdir(path.dirname(output)), ["bundle"]);
});

test("a write killed between its two renames is finished (new tree complete) or undone (incomplete)", async () => {
  const v1 = await syntheticBundle(path.join(root, "src-v1"), PACKAGES.slice(0, 1));
  const v2 = await syntheticBundle(path.join(root, "src-v2"), PACKAGES.slice(0, 2));
  for (const complete of [true, false]) {
    const output = path.join(root, `killed-${complete}`, "bundle");
    const { staging, retired } = stagingPaths(output);
    await writeBundle({ output, manifest: v1.manifest, files: v1.files });
    await writeBundle({ output: path.join(root, "v2-ready"), manifest: v2.manifest, files: v2.files });
    await cp(path.join(root, "v2-ready"), staging, { recursive: true });
    if (!complete) await rename(path.join(staging, "manifest.json"), path.join(staging, "manifest.json.part"));
    await rename(output, retired); // the state right after the first rename of a swap
    await recoverInterruptedWrite(output);
    const report = await verifyBundle(output);
    assert.equal(report.ok, true);
    assert.equal(report.id, complete ? v2.manifest.id : v1.manifest.id);
    assert.deepEqual(await readdir(path.dirname(output)), ["bundle"]);
    await rm(path.join(root, "v2-ready"), { recursive: true, force: true });
  }
});

test("names that would escape the bundle are refused before anything is written (E_UNSAFE_PATH)", async () => {
  const { manifest, files } = await inputs("src-unsafe", new Date(), 0o644);
  const evil = structuredClone(manifest);
  (evil.packages[0]?.wheels[0] as { filename: string }).filename = "../../alpha-1.0-py3-none-any.whl";
  await expectCode(writeBundle({ output: path.join(root, "unsafe"), manifest: evil, files: [] }), "E_UNSAFE_PATH");
  await assert.rejects(lstat(path.join(root, "unsafe")));
  assert.ok(files.length > 0);
});

test("SOURCE_DATE_EPOCH from the environment sets `created`; a value that is not whole seconds is refused (E_CONFIG)", async () => {
  const { manifest, files } = await inputs("src-env", new Date(), 0o644);
  try {
    process.env.SOURCE_DATE_EPOCH = "1700000000";
    const result = await writeBundle({ output: path.join(root, "env-epoch"), manifest, files });
    assert.equal(result.manifest.created, "2023-11-14T22:13:20Z");
    assert.equal(result.manifest.id, manifest.id, "created is not part of the id");
    process.env.SOURCE_DATE_EPOCH = "yesterday";
    await expectCode(writeBundle({ output: path.join(root, "env-bad"), manifest, files }), "E_CONFIG");
  } finally {
    delete process.env.SOURCE_DATE_EPOCH;
  }
});
