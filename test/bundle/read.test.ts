// Reading bundles: the three forms, and every kind of hostile archive refused with its own code.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { isPyvendorError, type ErrorCode } from "../../src/errors.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import { openBundle, readExistingManifest } from "../../src/bundle/read.js";
import { writeBundle, type BundleFile } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { bundleEntries, craftTarGz, craftZip, type CraftEntry } from "./craft.js";
import { syntheticBundle } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
let manifest: Manifest;
let files: BundleFile[];
let good: CraftEntry[];
let counter = 0;

const ALPHA = "wheels/alpha-1.0-py3-none-any.whl";
const BETA = "wheels/beta-2.0-py3-none-any.whl";

before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-read-"));
  ({ manifest, files } = await syntheticBundle(path.join(root, "src"), [
    { name: "alpha", version: "1.0" },
    { name: "beta", version: "2.0", requested: false },
  ]));
  good = await bundleEntries(manifest, files);
});
after(() => cleanup());

/** Writes an archive, opens it and extracts every listed file into a fresh directory. */
async function openAndExtract(format: "tar.gz" | "zip", entries: CraftEntry[]): Promise<{ dest: string; got: Map<string, string> }> {
  const file = path.join(root, `case-${++counter}.${format}`);
  await writeFile(file, format === "zip" ? craftZip(entries) : await craftTarGz(entries));
  const dest = path.join(root, `dest-${counter}`);
  await mkdir(dest);
  const reader = await openBundle(file);
  try {
    return { dest, got: await reader.extract([ALPHA, BETA], dest) };
  } finally {
    await reader.close();
  }
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  let caught: unknown;
  await promise.catch((err: unknown) => (caught = err));
  assert.ok(isPyvendorError(caught), `expected a PyvendorError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught.data;
}

const withManifest = (m: Manifest): CraftEntry[] => [{ name: "manifest.json", data: Buffer.from(`${JSON.stringify(m, null, 2)}\n`) }, ...good.slice(1)];
const replace = (name: string, entry: CraftEntry): CraftEntry[] => good.map((e) => (e.name === name ? entry : e));

for (const format of ["tar.gz", "zip"] as const) {
  describe(`a ${format} bundle`, () => {
    test("extracts the requested files, verified, and nothing else", async () => {
      const file = path.join(root, `ok.${format}`);
      await writeFile(file, format === "zip" ? craftZip(good) : await craftTarGz(good));
      const reader = await openBundle(file);
      assert.equal(reader.kind, format);
      assert.equal(reader.manifest.id, manifest.id);
      const dest = path.join(root, `ok-${format}`);
      const got = await reader.extract([BETA], dest);
      await reader.close();
      assert.deepEqual([...got.keys()], [BETA]);
      assert.equal(got.get(BETA), path.join(dest, "wheels", "beta-2.0-py3-none-any.whl"));
      assert.deepEqual(await readdir(path.join(dest, "wheels")), ["beta-2.0-py3-none-any.whl"]);
      assert.deepEqual(await readFile(got.get(BETA) ?? ""), await readFile(files[1]?.source ?? ""));
    });

    test("refuses an absolute entry path (E_UNSAFE_PATH)", async () => {
      await expectCode(openAndExtract(format, [...good, { name: "/tmp/pyvendor-evil", data: Buffer.from("x") }]), "E_UNSAFE_PATH");
    });

    test("refuses a path that climbs out with .. (E_UNSAFE_PATH)", async () => {
      await expectCode(openAndExtract(format, [...good, { name: "wheels/../../evil.whl", data: Buffer.from("x") }]), "E_UNSAFE_PATH");
    });

    test("refuses a backslash path (E_UNSAFE_PATH)", async () => {
      await expectCode(openAndExtract(format, [...good, { name: "..\\evil.whl", data: Buffer.from("x") }]), "E_UNSAFE_PATH");
    });

    test("refuses a symlink entry (E_UNSAFE_ENTRY)", async () => {
      const link: CraftEntry = { name: ALPHA, type: "symlink", linkname: "/etc/passwd", data: Buffer.from("/etc/passwd") };
      await expectCode(openAndExtract(format, replace(ALPHA, link)), "E_UNSAFE_ENTRY");
    });

    test("refuses a file the manifest does not list (E_BUNDLE_EXTRA_FILE)", async () => {
      const data = await expectCode(openAndExtract(format, [...good, { name: "wheels/evil-1.0-py3-none-any.whl", data: Buffer.from("x") }]), "E_BUNDLE_EXTRA_FILE");
      assert.equal(data.path, "wheels/evil-1.0-py3-none-any.whl");
    });

    test("refuses a duplicate entry (E_DUPLICATE_ENTRY)", async () => {
      const dup = good.find((e) => e.name === ALPHA) as CraftEntry;
      await expectCode(openAndExtract(format, [...good, dup]), "E_DUPLICATE_ENTRY");
    });

    test("refuses an entry larger than the manifest says (E_ARCHIVE_TOO_LARGE)", async () => {
      const big = { name: ALPHA, data: Buffer.concat([(good.find((e) => e.name === ALPHA) as CraftEntry).data ?? Buffer.alloc(0), Buffer.alloc(1000)]) };
      await expectCode(openAndExtract(format, replace(ALPHA, big)), "E_ARCHIVE_TOO_LARGE");
    });

    test("refuses a decompression bomb (E_ARCHIVE_TOO_LARGE)", async () => {
      const zeros = Buffer.alloc(4 * 1024 * 1024);
      const { manifest: m, files: f } = await syntheticBundle(path.join(root, `bomb-${format}`), [{ name: "bomb", version: "1.0", wheels: [{ content: zeros.toString("latin1") }] }]);
      const entries = (await bundleEntries(m, f)).map((e) => (e.name.startsWith("wheels/") ? { ...e, method: 8 as const } : e));
      const file = path.join(root, `bomb.${format}`);
      await writeFile(file, format === "zip" ? craftZip(entries) : await craftTarGz(entries));
      await expectCode(
        (async () => {
          const reader = await openBundle(file);
          await reader.extract([`wheels/${m.packages[0]?.wheels[0]?.filename}`], path.join(root, `bomb-dest-${format}`)).finally(() => reader.close());
        })(),
        "E_ARCHIVE_TOO_LARGE",
      );
    });

    test("refuses a tampered wheel (E_HASH_MISMATCH with expected and actual)", async () => {
      const original = (good.find((e) => e.name === ALPHA) as CraftEntry).data ?? Buffer.alloc(0);
      const tampered = Buffer.from(original);
      tampered[0] = tampered[0] === 0x41 ? 0x42 : 0x41;
      const data = await expectCode(openAndExtract(format, replace(ALPHA, { name: ALPHA, data: tampered })), "E_HASH_MISMATCH");
      assert.equal(data.expected, manifest.packages[0]?.wheels[0]?.sha256);
      assert.match(String(data.actual), /^[0-9a-f]{64}$/);
      assert.notEqual(data.actual, data.expected);
    });

    test("leaves nothing behind when extraction fails", async () => {
      const tampered = replace(BETA, { name: BETA, data: Buffer.from("x".repeat(Number(manifest.packages[1]?.wheels[0]?.size))) });
      const file = path.join(root, `partial.${format}`);
      await writeFile(file, format === "zip" ? craftZip(tampered) : await craftTarGz(tampered));
      const dest = path.join(root, `partial-dest-${format}`);
      const reader = await openBundle(file);
      await expectCode(reader.extract([ALPHA, BETA], dest), "E_HASH_MISMATCH");
      await reader.close();
      assert.deepEqual(await readdir(path.join(dest, "wheels")), []);
    });

    test("refuses a missing listed file (E_BUNDLE_FILE_MISSING)", async () => {
      await expectCode(openAndExtract(format, good.filter((e) => e.name !== BETA)), "E_BUNDLE_FILE_MISSING");
    });

    test("refuses a manifest that fails the schema (E_MANIFEST_INVALID with its JSON path)", async () => {
      const bad = structuredClone(manifest);
      (bad.packages[0]?.wheels[0] as { sha256: string }).sha256 = "not-a-hash";
      const data = await expectCode(openAndExtract(format, withManifest(bad)), "E_MANIFEST_INVALID");
      assert.equal(data.path, "/packages/0/wheels/0/sha256");
    });

    test("refuses an unknown format major (E_MANIFEST_UNSUPPORTED_FORMAT)", async () => {
      await expectCode(openAndExtract(format, withManifest({ ...manifest, format: "2.0.0" })), "E_MANIFEST_UNSUPPORTED_FORMAT");
    });

    test("refuses a manifest whose id does not match (E_BUNDLE_ID_MISMATCH)", async () => {
      const edited = { ...manifest, requirements: ["alpha==1.0", "evil==6.6.6"] };
      await expectCode(openAndExtract(format, withManifest(edited)), "E_BUNDLE_ID_MISMATCH");
    });

    test("refuses a truncated archive (E_ARCHIVE_INVALID)", async () => {
      const whole = format === "zip" ? craftZip(good) : await craftTarGz(good);
      const file = path.join(root, `truncated.${format}`);
      await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
      await expectCode(openBundle(file).then((r) => r.extract([ALPHA, BETA], path.join(root, `truncated-${format}`))), "E_ARCHIVE_INVALID");
    });
  });
}

describe("tar.gz specifics", () => {
  for (const type of ["link", "character-device", "fifo"] as const) {
    test(`refuses a ${type} entry (E_UNSAFE_ENTRY)`, async () => {
      const entry: CraftEntry = { name: "wheels/x", type, ...(type === "link" ? { linkname: ALPHA } : {}) };
      await expectCode(openAndExtract("tar.gz", [...good, entry]), "E_UNSAFE_ENTRY");
    });
  }

  test("needs manifest.json as the first file (E_NOT_A_BUNDLE otherwise)", async () => {
    const file = path.join(root, "late-manifest.tar.gz");
    await writeFile(file, await craftTarGz([...good.slice(1), good[0] as CraftEntry]));
    await expectCode(openBundle(file), "E_NOT_A_BUNDLE");
  });

  test("accepts ./ prefixes and directory entries", async () => {
    const entries: CraftEntry[] = [{ name: "./", type: "directory" }, ...good.map((e) => ({ ...e, name: `./${e.name}` }))];
    entries.splice(2, 0, { name: "./wheels/", type: "directory" });
    const { got } = await openAndExtract("tar.gz", entries.filter((e) => e.name !== "./"));
    assert.equal(got.size, 2);
  });
});

describe("zip specifics", () => {
  test("reads manifest.json wherever it is in the central directory", async () => {
    const { got } = await openAndExtract("zip", [...good.slice(1), good[0] as CraftEntry]);
    assert.equal(got.size, 2);
  });

  test("refuses a zip without manifest.json (E_NOT_A_BUNDLE)", async () => {
    const file = path.join(root, "no-manifest.zip");
    await writeFile(file, craftZip(good.slice(1)));
    await expectCode(openBundle(file), "E_NOT_A_BUNDLE");
  });
});

describe("a directory bundle", () => {
  async function dirBundle(name: string): Promise<string> {
    const out = path.join(root, name);
    await writeBundle({ output: out, manifest, files });
    return out;
  }

  test("hashes files in place and returns their paths inside the bundle", async () => {
    const out = await dirBundle("dir-ok");
    const reader = await openBundle(out);
    assert.equal(reader.kind, "dir");
    const got = await reader.extract([ALPHA], path.join(root, "unused-dest"));
    assert.equal(got.get(ALPHA), path.join(out, ALPHA));
    assert.deepEqual(await readExistingManifest(out), reader.manifest);
  });

  test("refuses a wheel that is a symlink (E_UNSAFE_ENTRY)", async () => {
    const out = await dirBundle("dir-link");
    await rm(path.join(out, ALPHA));
    await symlink("/etc/hostname", path.join(out, ALPHA));
    const reader = await openBundle(out);
    await expectCode(reader.extract([ALPHA], root), "E_UNSAFE_ENTRY");
  });

  test("refuses a tampered wheel (E_HASH_MISMATCH) and a missing one (E_BUNDLE_FILE_MISSING)", async () => {
    const out = await dirBundle("dir-tampered");
    await writeFile(path.join(out, ALPHA), "x".repeat(Number(manifest.packages[0]?.wheels[0]?.size)));
    await rm(path.join(out, BETA));
    const reader = await openBundle(out);
    await expectCode(reader.extract([ALPHA], root), "E_HASH_MISMATCH");
    await expectCode(reader.extract([BETA], root), "E_BUNDLE_FILE_MISSING");
  });
});

describe("not a bundle (E_NOT_A_BUNDLE)", () => {
  const cases: [string, () => Promise<string>][] = [
    ["a path that does not exist", async () => path.join(root, "nope")],
    ["a directory without manifest.json", async () => {
      const d = path.join(root, "empty-dir");
      await mkdir(d, { recursive: true });
      return d;
    }],
    ["a file that is no archive", async () => {
      const f = path.join(root, "plain.txt");
      await writeFile(f, "hello");
      return f;
    }],
  ];
  for (const [what, make] of cases) {
    test(what, async () => {
      await expectCode(openBundle(await make()), "E_NOT_A_BUNDLE");
    });
  }
});

test("a newer minor format is read, unknown keys and all", async () => {
  const newer = finalizeManifest({ ...manifest, format: "1.7.0", futureField: { x: 1 } } as unknown as Manifest);
  const { got } = await openAndExtract("zip", withManifest(newer));
  assert.equal(got.size, 2);
});

describe("limits are options with sane defaults", () => {
  test("more entries than maxEntries (E_ARCHIVE_TOO_LARGE)", async () => {
    const file = path.join(root, "many.zip");
    await writeFile(file, craftZip(good));
    await expectCode(openBundle(file, { limits: { maxEntries: 3 } }), "E_ARCHIVE_TOO_LARGE");
  });

  for (const format of ["tar.gz", "zip"] as const) {
    test(`a manifest.json above maxManifestBytes in a ${format} (E_ARCHIVE_TOO_LARGE)`, async () => {
      const file = path.join(root, `big-manifest.${format}`);
      await writeFile(file, format === "zip" ? craftZip(good) : await craftTarGz(good));
      await expectCode(openBundle(file, { limits: { maxManifestBytes: 100 } }), "E_ARCHIVE_TOO_LARGE");
    });
  }

  test("maxRatio can be raised for content that compresses well legitimately", async () => {
    const text = Buffer.from("abc".repeat(600_000));
    const { manifest: m, files: f } = await syntheticBundle(path.join(root, "ratio"), [{ name: "text", version: "1.0", wheels: [{ content: text.toString() }] }]);
    const entries = (await bundleEntries(m, f)).map((e) => (e.name.startsWith("wheels/") ? { ...e, method: 8 as const } : e));
    const file = path.join(root, "ratio.zip");
    await writeFile(file, craftZip(entries));
    await expectCode(openBundle(file), "E_ARCHIVE_TOO_LARGE");
    await (await openBundle(file, { limits: { maxRatio: 100_000 } })).close();
  });
});

test("a manifest validated before (same bytes, same pyvendor) is parsed without validation; any other is validated and recorded", async () => {
  const dir = path.join(root, "memo-bundle");
  await writeBundle({ output: dir, format: "dir", manifest, files });
  const memo = new Set<string>();
  const validated = { has: (k: string) => memo.has(k), add: (k: string) => void memo.add(k) };
  await (await openBundle(dir, { validated })).close();
  assert.equal(memo.size, 1, "validated and recorded");
  await (await openBundle(dir, { validated })).close();
  assert.equal(memo.size, 1, "the same bytes: the same record");
  // A manifest whose id no longer matches: refused when validated; passed when its bytes are known.
  const text = await readFile(path.join(dir, "manifest.json"), "utf8");
  await writeFile(path.join(dir, "manifest.json"), text.replace(`"id": "${manifest.id}"`, `"id": "sha256:${"0".repeat(64)}"`));
  await assert.rejects(openBundle(dir, { validated }), (err: unknown) => isPyvendorError(err, "E_BUNDLE_ID_MISMATCH"));
  assert.equal(memo.size, 1, "a failed validation records nothing");
  const trusting = { has: () => true, add: () => {} };
  await (await openBundle(dir, { validated: trusting })).close();
  await writeFile(path.join(dir, "manifest.json"), text);
});
