import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { copyFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Archiver, ArchiverOptions } from "archiver";
import { wheelDifferences } from "../../src/wheel/wheel-diff.js";
import { tempDir } from "../helpers/env.js";

const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: ArchiverOptions) => Archiver;

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir();
});
after(() => work.cleanup());

interface Entry {
  name: string;
  data: string;
  mode?: number;
  date?: string;
}

const BASE: Entry[] = [
  { name: "pkg/__init__.py", data: "VALUE = 1\n" },
  { name: "pkg/_native.so", data: "\x7fELF built in /pyvendor-build/src\n", mode: 0o755 },
  { name: "pkg-1.0.dist-info/METADATA", data: "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n" },
  { name: "pkg-1.0.dist-info/RECORD", data: "" },
];

async function zipOf(name: string, entries: Entry[], level = 6): Promise<string> {
  const file = path.join(work.dir, name);
  const zip = archiver("zip", { zlib: { level } });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on("close", () => resolve());
    zip.on("error", reject);
    zip.pipe(out);
  });
  for (const e of entries) zip.append(e.data, { name: e.name, date: new Date(e.date ?? "1980-01-01T00:00:00Z"), mode: e.mode ?? 0o644 });
  await zip.finalize();
  await done;
  return file;
}

test("identical wheels have no differences", async () => {
  const a = await zipOf("same-a.whl", BASE);
  const b = path.join(work.dir, "same-b.whl");
  await copyFile(a, b);
  assert.deepEqual(await wheelDifferences(a, b), []);
});

test("each entry that differs is named with what differs: content, mode, time, presence", async () => {
  const a = await zipOf("a.whl", BASE);
  const changed = BASE.map((e) =>
    e.name === "pkg/_native.so" ? { ...e, data: "\x7fELF built in /tmp/tmpab12cd\n" }
    : e.name === "pkg/__init__.py" ? { ...e, mode: 0o600 }
    : e.name.endsWith("METADATA") ? { ...e, date: "2026-12-07T11:00:00Z" }
    : e,
  ).filter((e) => !e.name.endsWith("RECORD"));
  const b = await zipOf("b.whl", [...changed, { name: "pkg/_stamp.py", data: "STAMP = 'x'\n" }]);
  assert.deepEqual(await wheelDifferences(a, b), [
    { path: "pkg/__init__.py", what: "mode" },
    { path: "pkg/_native.so", what: "content" },
    { path: "pkg-1.0.dist-info/METADATA", what: "timestamp" },
    { path: "pkg-1.0.dist-info/RECORD", what: "only in the first" },
    { path: "pkg/_stamp.py", what: "only in the second" },
  ]);
});

test("the same entries in another order, or only compressed otherwise, name the archive", async () => {
  const a = await zipOf("order-a.whl", BASE);
  const reversed = await zipOf("order-b.whl", [...BASE].reverse());
  assert.deepEqual(await wheelDifferences(a, reversed), [{ path: "(archive)", what: "entry order" }]);
  const stored = await zipOf("stored.whl", BASE, 0);
  assert.deepEqual(await wheelDifferences(a, stored), [{ path: "(archive)", what: "archive bytes" }]);
});
