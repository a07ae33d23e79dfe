// parseManifest: every way a hostile or broken manifest.json is refused, each with its code.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { isPyvendorError, type ErrorCode } from "../../src/errors.js";
import type { Manifest } from "../../src/bundle/manifest.js";
import { computeBundleId, serializeManifest } from "../../src/bundle/manifest.js";
import { finalizeManifest } from "../../src/bundle/normalize.js";
import { parseManifest } from "../../src/bundle/validate.js";
import { repoRoot } from "../helpers/paths.js";
import { CP311, sha256 } from "./helpers.js";

const WHEEL = {
  filename: "alpha-1.0-py3-none-any.whl",
  sha256: sha256("alpha"),
  size: 5,
  tags: ["py3-none-any"],
  origin: "downloaded" as const,
  targets: [CP311.id],
  systemLibraries: [],
};

const base = (): Manifest =>
  finalizeManifest({
    format: "1.0.0",
    generator: { name: "pyvendor", version: "0.1.0" },
    targets: [CP311],
    requirements: ["alpha==1.0"],
    packages: [{ name: "alpha", version: "1.0", requested: true, extras: [], dependencies: [], targets: [CP311.id], wheels: [WHEEL] }],
  });

/** Applies `edit` to a fresh manifest, re-ids it (so only the edit is wrong), and parses it. */
function parseEdited(edit: (m: Manifest) => void, options: { reId?: boolean } = {}): Manifest {
  const m = base();
  edit(m);
  if (options.reId !== false) m.id = computeBundleId(m);
  return parseManifest(JSON.stringify(m), "test");
}

function expectCode(fn: () => unknown, code: ErrorCode): Record<string, unknown> {
  try {
    fn();
  } catch (err: unknown) {
    assert.ok(isPyvendorError(err), String(err));
    assert.equal(err.code, code, err.message);
    return err.data;
  }
  assert.fail(`expected ${code}`);
}

test("a valid manifest parses, and round-trips through serializeManifest", () => {
  const m = base();
  assert.deepEqual(parseManifest(serializeManifest(m), "test"), m);
});

const unsafeNames: [string, (m: Manifest, bad: string) => void][] = [
  ["a wheel filename", (m, bad) => void ((m.packages[0]?.wheels[0] as { filename: string }).filename = bad)],
  ["a package name", (m, bad) => void ((m.packages[0] as { name: string }).name = bad)],
  ["a source filename", (m, bad) => void ((m.packages[0] as Manifest["packages"][0]).source = { filename: bad, url: "https://x/y", sha256: sha256("s"), size: 1 })],
  ["a source path", (m, bad) => void ((m.packages[0] as Manifest["packages"][0]).source = { filename: "alpha-1.0.tar.gz", url: "https://x/y", sha256: sha256("s"), size: 1, path: `sources/${bad}` })],
];
const badNames = ["../../etc/cron.d/evil.whl", "sub/evil.whl", "..\\evil.whl", "evil\u0000.whl", "..", "a..b.whl"];
for (const [what, put] of unsafeNames) {
  for (const bad of badNames) {
    test(`refuses ${what} ${JSON.stringify(bad)} (E_UNSAFE_PATH)`, () => {
      expectCode(() => parseEdited((m) => put(m, bad)), "E_UNSAFE_PATH");
    });
  }
}

test("refuses text that is not JSON (E_MANIFEST_INVALID)", () => {
  expectCode(() => parseManifest("{ nope", "test"), "E_MANIFEST_INVALID");
});

const schemaCases: [string, (m: Manifest) => void, string][] = [
  ["a bad sha256", (m) => void ((m.packages[0]?.wheels[0] as { sha256: string }).sha256 = "zz"), "/packages/0/wheels/0/sha256"],
  ["a negative size", (m) => void ((m.packages[0]?.wheels[0] as { size: number }).size = -1), "/packages/0/wheels/0/size"],
  ["an unknown key", (m) => void ((m.packages[0] as unknown as Record<string, unknown>).evil = true), "/packages/0"],
  ["a missing generator", (m) => void delete (m as Partial<Manifest>).generator, ""],
  ["a non-normalized name", (m) => void ((m.packages[0] as { name: string }).name = "Alpha_X"), "/packages/0/name"],
  ["no targets", (m) => void (m.targets = []), "/targets"],
  ["a wheel of another project", (m) => void ((m.packages[0]?.wheels[0] as { filename: string }).filename = "beta-1.0-py3-none-any.whl"), "/packages/0/wheels/0/filename"],
  ["an unknown target id", (m) => void ((m.packages[0] as { targets: string[] }).targets = ["cp27-cp27mu-linux_x86_64"]), "/packages/0/targets/0"],
  ["a resolution for an unknown target", (m) => void (m.resolution = { pre: false, constraints: [], targets: ["cp27-cp27mu-linux_x86_64"] }), "/resolution/targets/0"],
  ["a resolution without its options", (m) => void (m.resolution = { targets: [] } as unknown as Manifest["resolution"]), "/resolution"],
  ["a repeated package", (m) => void m.packages.push(structuredClone(m.packages[0] as Manifest["packages"][0])), "/packages/1/name"],
  ["a source path that is not sources/<filename>", (m) => void ((m.packages[0] as Manifest["packages"][0]).source = { filename: "alpha-1.0.tar.gz", url: "https://x/y", sha256: sha256("s"), size: 1, path: "sources/other.tar.gz" }), "/packages/0/source/path"],
];
for (const [what, edit, pointer] of schemaCases) {
  test(`refuses ${what} (E_MANIFEST_INVALID at ${pointer || "/"})`, () => {
    const data = expectCode(() => parseEdited(edit), "E_MANIFEST_INVALID");
    assert.equal(data.path, pointer);
  });
}

test("refuses an unknown format major (E_MANIFEST_UNSUPPORTED_FORMAT), before the schema", () => {
  expectCode(() => parseEdited((m) => Object.assign(m, { format: "2.0.0", packages: "changed shape" })), "E_MANIFEST_UNSUPPORTED_FORMAT");
  expectCode(() => parseEdited((m) => void (m.format = "0.9.0")), "E_MANIFEST_UNSUPPORTED_FORMAT");
});

test("accepts a newer minor format, with keys this version does not know", () => {
  const m = parseEdited((m) => Object.assign(m, { format: "1.3.0", signatures: [{ keyid: "x" }] }));
  assert.equal(m.format, "1.3.0");
});

test("refuses an id that does not match the contents (E_BUNDLE_ID_MISMATCH with expected and actual)", () => {
  const data = expectCode(() => parseEdited((m) => void (m.requirements = ["alpha==1.0", "evil"]), { reId: false }), "E_BUNDLE_ID_MISMATCH");
  assert.equal(data.expected, base().id);
  assert.notEqual(data.actual, data.expected);
});

test("the schema is compiled lazily: loading the bundle reader does not load ajv", () => {
  const script = `
    import { createRequire } from "node:module";
    await import(${JSON.stringify(path.join(repoRoot, "dist/src/bundle/read.js"))});
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("/ajv/"));
    console.log(loaded ? "ajv loaded" : "ajv not loaded");`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(out.trim(), "ajv not loaded");
});
