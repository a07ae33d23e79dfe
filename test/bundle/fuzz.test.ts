// Fuzzing the reader: mutated manifests and archives must only ever fail with a PyvendorError, and
// nothing may be written outside the extraction directory. PYVENDOR_FUZZ_RUNS sets the number of
// cases per property (CI: a small fixed number; `npm run fuzz:bundle`: many more).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { isPyvendorError } from "../../src/errors.js";
import { computeBundleId, type Manifest } from "../../src/bundle/manifest.js";
import { openBundle } from "../../src/bundle/read.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { tempDir } from "../helpers/env.js";
import { bundleEntries, craftTarGz, craftZip, type CraftEntry } from "./craft.js";
import { syntheticBundle } from "./helpers.js";

const RUNS = Number(process.env.PYVENDOR_FUZZ_RUNS ?? "120");
const SEED = process.env.PYVENDOR_FUZZ_SEED === undefined ? undefined : Number(process.env.PYVENDOR_FUZZ_SEED);
const EVIL_ABSOLUTE = "/tmp/pyvendor-fuzz-evil";

let root: string;
let cleanup: () => Promise<void>;
let manifest: Manifest;
let good: CraftEntry[];
let n = 0;

before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-fuzz-"));
  const made = await syntheticBundle(path.join(root, "src"), [
    { name: "alpha", version: "1.0", dependencies: ["beta"] },
    { name: "beta", version: "2.0", requested: false, withSource: true, wheels: [{ content: "b".repeat(3000) }] },
  ]);
  manifest = made.manifest;
  good = await bundleEntries(manifest, made.files);
  await rm(EVIL_ABSOLUTE, { recursive: true, force: true });
});
after(() => cleanup());

const hostileName = fc.oneof(
  fc.constantFrom(
    EVIL_ABSOLUTE, "../evil", "wheels/../../evil", "..", ".", "./", "./manifest.json", "wheels/", "wheels", "sources/",
    "sources/x/../../y", "C:\\evil", "a\\..\\b", "manifest.json", "pylock.toml", "requirements.lock",
    "wheels/alpha-1.0-py3-none-any.whl", "wheels/beta-2.0-py3-none-any.whl", "", "wheels//x", "wheels/\u0000.whl", "wheels/./x",
  ),
  fc.string({ maxLength: 12 }),
);

type EntryMutation =
  | { kind: "rename"; index: number; name: string }
  | { kind: "duplicate" | "drop" | "deflate"; index: number }
  | { kind: "type"; index: number; type: NonNullable<CraftEntry["type"]>; linkname: string }
  | { kind: "byte"; index: number; at: number; byte: number }
  | { kind: "truncate"; index: number; length: number }
  | { kind: "grow"; index: number; extra: number; zeros: boolean }
  | { kind: "declare"; index: number; size: number }
  | { kind: "swap"; index: number; other: number };

const entryMutation: fc.Arbitrary<EntryMutation> = fc.oneof(
  fc.record({ kind: fc.constant("rename" as const), index: fc.nat(), name: hostileName }),
  fc.record({ kind: fc.constantFrom("duplicate" as const, "drop" as const, "deflate" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("type" as const), index: fc.nat(), type: fc.constantFrom("symlink" as const, "link" as const, "fifo" as const, "character-device" as const, "directory" as const), linkname: hostileName }),
  fc.record({ kind: fc.constant("byte" as const), index: fc.nat(), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), index: fc.nat(), length: fc.nat() }),
  fc.record({ kind: fc.constant("grow" as const), index: fc.nat(), extra: fc.nat({ max: 3 * 1024 * 1024 }), zeros: fc.boolean() }),
  fc.record({ kind: fc.constant("declare" as const), index: fc.nat(), size: fc.oneof(fc.nat(), fc.constant(0xffffffff)) }),
  fc.record({ kind: fc.constant("swap" as const), index: fc.nat(), other: fc.nat() }),
);

function applyEntryMutation(entries: CraftEntry[], m: EntryMutation): CraftEntry[] {
  const out = entries.map((e) => ({ ...e }));
  if (out.length === 0) return out;
  const i = m.index % out.length;
  const e = out[i] as CraftEntry;
  const data = e.data ?? Buffer.alloc(0);
  switch (m.kind) {
    case "rename": e.name = m.name; break;
    case "duplicate": out.push({ ...e }); break;
    case "drop": out.splice(i, 1); break;
    case "deflate": e.method = 8; break;
    case "type": e.type = m.type; e.linkname = m.linkname; if (m.type === "symlink") e.mode = 0o120777; break;
    case "byte": if (data.length > 0) { const d = Buffer.from(data); d[m.at % d.length] = m.byte; e.data = d; } break;
    case "truncate": e.data = data.subarray(0, data.length === 0 ? 0 : m.length % data.length); break;
    case "grow": e.data = Buffer.concat([data, m.zeros ? Buffer.alloc(m.extra) : Buffer.alloc(m.extra, 0x61)]); break;
    case "declare": e.declaredSize = m.size; break;
    case "swap": { const j = m.other % out.length; [out[i], out[j]] = [out[j] as CraftEntry, e]; break; }
  }
  return out;
}

const jsonKey = fc.oneof(fc.nat({ max: 3 }), fc.constantFrom("packages", "wheels", "filename", "sha256", "size", "name", "format", "targets", "id", "source", "path", "version", "requirements", "markers", "tags"));
const manifestMutation = fc.record({
  path: fc.array(jsonKey, { minLength: 1, maxLength: 5 }),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileName, fc.constantFrom(-1, 1e300, "1.9.9", "2.0.0", "99.0.0", "sha256:" + "0".repeat(64)), fc.constant(undefined)),
  reId: fc.boolean(),
});

/** Sets (or deletes, for undefined) the value at `keys`, following only keys that exist. */
function applyManifestMutation(m: Manifest, mut: { path: (string | number)[]; value: unknown; reId: boolean }): string {
  const copy = structuredClone(m) as unknown as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const [k, key] of mut.path.entries()) {
    const last = k === mut.path.length - 1;
    const realKey = Array.isArray(node) && typeof key === "number" ? key % Math.max(node.length, 1) : key;
    if (last) {
      if (mut.value === undefined) delete node[realKey];
      else node[realKey] = mut.value;
      break;
    }
    const next = node[realKey];
    if (next === null || typeof next !== "object") {
      node[realKey] = mut.value ?? null;
      break;
    }
    node = next as Record<string | number, unknown>;
  }
  if (mut.reId) copy.id = computeBundleId(copy as unknown as Manifest);
  return JSON.stringify(copy, null, 2);
}

/** Everything under `dir`, relative. */
async function tree(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel === "" ? d.name : `${rel}/${d.name}`;
    out.push(p);
    if (d.isDirectory()) out.push(...(await tree(dir, p)));
  }
  return out;
}

/** Verifies and extracts `bundle`; any failure must be a PyvendorError; writes only under caseDir/out/dest. */
async function exercise(caseDir: string, bundleName: string): Promise<void> {
  const dest = path.join(caseDir, "out", "dest");
  await mkdir(path.dirname(dest));
  const bundle = path.join(caseDir, bundleName);
  const expectPyvendor = (err: unknown) => {
    if (!isPyvendorError(err)) throw new Error(`not a PyvendorError: ${err instanceof Error ? err.stack : String(err)}`);
  };
  await verifyBundle(bundle).catch(expectPyvendor);
  try {
    const reader = await openBundle(bundle);
    try {
      const listed = reader.manifest.packages.flatMap((p) => [...p.wheels.map((w) => `wheels/${w.filename}`), ...(p.source?.path ? [p.source.path] : [])]);
      await reader.extract(listed, dest);
    } finally {
      await reader.close();
    }
  } catch (err: unknown) {
    expectPyvendor(err);
  }
  const outside = (await tree(caseDir)).filter((p) => p !== bundleName && !p.startsWith(`${bundleName}/`) && p !== "out" && p !== "out/dest" && !p.startsWith("out/dest/"));
  assert.deepEqual(outside, [], "files written outside the destination");
  assert.ok(!existsSync(EVIL_ABSOLUTE), "wrote to an absolute path");
  for (const evil of ["evil", "C:\\evil", "y"]) assert.ok(!existsSync(path.join(process.cwd(), evil)) && !existsSync(path.join(caseDir, "..", evil)));
}

async function craft(format: "tar.gz" | "zip", entries: CraftEntry[]): Promise<Buffer | undefined> {
  try {
    return format === "zip" ? craftZip(entries) : await craftTarGz(entries);
  } catch {
    return undefined; // tar-stream refuses some headers outright: nothing to feed the reader
  }
}

for (const format of ["tar.gz", "zip"] as const) {
  test(`fuzz: mutated ${format} archives`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryMutation, { minLength: 1, maxLength: 4 }), fc.option(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) })), async (mutations, flip) => {
        const entries = mutations.reduce(applyEntryMutation, good);
        const bytes = await craft(format, entries);
        if (!bytes) return;
        if (flip && bytes.length > 0) bytes[flip.at % bytes.length] = flip.byte;
        const caseDir = await mkdtemp(path.join(root, `${format}-${++n}-`));
        await writeFile(path.join(caseDir, `bundle.${format}`), bytes);
        await exercise(caseDir, `bundle.${format}`);
        await rm(caseDir, { recursive: true, force: true });
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  });
}

test("fuzz: mutated manifests in all three forms", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(manifestMutation, { minLength: 1, maxLength: 3 }), fc.constantFrom("dir" as const, "tar.gz" as const, "zip" as const), async (mutations, form) => {
      let text = JSON.stringify(manifest);
      for (const mut of mutations) text = applyManifestMutation(JSON.parse(text) as Manifest, mut);
      const entries = [{ name: "manifest.json", data: Buffer.from(text) }, ...good.slice(1)];
      const caseDir = await mkdtemp(path.join(root, `manifest-${++n}-`));
      if (form === "dir") {
        for (const e of entries) {
          await mkdir(path.join(caseDir, "bundle", path.dirname(e.name)), { recursive: true });
          await writeFile(path.join(caseDir, "bundle", e.name), e.data ?? "");
        }
        await exercise(caseDir, "bundle");
      } else {
        const bytes = await craft(form, entries);
        if (!bytes) return;
        await writeFile(path.join(caseDir, `bundle.${form}`), bytes);
        await exercise(caseDir, `bundle.${form}`);
      }
      await rm(caseDir, { recursive: true, force: true });
    }),
    { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
  );
});
