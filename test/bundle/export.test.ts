// exportBundle: pins for pip and pylock.toml for PEP 751 installers, from any form of bundle.
import assert from "node:assert/strict";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse as parseToml } from "smol-toml";
import { isPyvendorError } from "../../src/errors.js";
import { exportBundle } from "../../src/bundle/export.js";
import { writeBundle } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { syntheticBundle } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
before(async () => {
  ({ dir: root, cleanup } = await tempDir("pyvendor-export-"));
  const { manifest, files } = await syntheticBundle(path.join(root, "src"), [{ name: "alpha", version: "1.0" }, { name: "beta", version: "2.0", requested: false, withSource: true }]);
  for (const out of ["b", "b.tar.gz", "b.zip"]) await writeBundle({ output: path.join(root, out), manifest, files });
});
after(() => cleanup());

const table: [string, "requirements" | "pylock", "relative" | "absolute" | undefined, string][] = [
  ["b", "requirements", undefined, "requirements.lock"],
  ["b.tar.gz", "requirements", undefined, "requirements.lock"],
  ["b.zip", "pylock", "relative", "pylock.toml"],
  ["b", "pylock", undefined, "pylock.toml"],
];
for (const [bundle, format, paths, same] of table) {
  test(`export ${format}${paths ? ` (${paths})` : ""} from ${bundle} is the bundle's own ${same}`, async () => {
    const text = await exportBundle(path.join(root, bundle), { format, ...(paths ? { paths } : {}) });
    assert.equal(text, await readFile(path.join(root, "b", same), "utf8"));
  });
}

test("export pylock with absolute paths points at files that exist", async () => {
  const doc = parseToml(await exportBundle(path.join(root, "b"), { format: "pylock", paths: "absolute" })) as {
    packages: { sdist?: { path: string }; wheels: { path: string }[] }[];
  };
  const paths = doc.packages.flatMap((p) => [...p.wheels.map((w) => w.path), ...(p.sdist ? [p.sdist.path] : [])]);
  assert.equal(paths.length, 3);
  for (const p of paths) {
    assert.ok(path.isAbsolute(p), p);
    await access(p);
  }
});

test("absolute paths into an archive are refused (E_USAGE)", async () => {
  await assert.rejects(exportBundle(path.join(root, "b.zip"), { format: "pylock", paths: "absolute" }), (err: unknown) => isPyvendorError(err, "E_USAGE"));
});
