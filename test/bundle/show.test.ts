// showBundle: the summary a person sees, read from any form of bundle.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { showBundle } from "../../src/bundle/show.js";
import { writeBundle } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { CP311, CP312, syntheticBundle, wheelBytes } from "./helpers.js";

let root: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir: root, cleanup } = await tempDir("pyvendor-show-")));
after(() => cleanup());

test("shows name, version, id, targets and a row per package, for a directory, a .tar.gz and a .zip", async () => {
  const { manifest, files } = await syntheticBundle(
    path.join(root, "src"),
    [
      { name: "app", version: "1.0", dependencies: ["native"] },
      {
        name: "native",
        version: "0.5",
        requested: false,
        wheels: [
          { filename: "native-0.5-cp311-cp311-linux_x86_64.whl", content: "x".repeat(100), targets: [CP311.id], systemLibraries: [{ soname: "libpq.so.5", package: "libpq5" }] },
          { filename: "native-0.5-cp312-cp312-linux_x86_64.whl", content: "y".repeat(50), targets: [CP312.id], systemLibraries: [{ soname: "libz.so.1" }] },
        ],
      },
    ],
    { targets: [CP311, CP312], name: "demo", version: "2024.1" },
  );
  for (const output of ["b", "b.tar.gz", "b.zip"]) {
    const where = path.join(root, output);
    await writeBundle({ output: where, manifest, files });
    const shown = await showBundle(where);
    assert.equal(shown.kind, output === "b" ? "dir" : output.slice(2));
    assert.equal(shown.name, "demo");
    assert.equal(shown.version, "2024.1");
    assert.equal(shown.id, manifest.id);
    assert.equal(shown.shortId, manifest.id.slice(7, 19));
    assert.equal(shown.generator, "pyvendor 0.1.0");
    assert.deepEqual(shown.targets.map((t) => [t.id, t.pythonVersion, t.glibc]), [[CP311.id, "3.11.7", "2.36"], [CP312.id, "3.12.1", "2.36"]]);
    const rows = shown.packages.map((p) => ({ name: p.name, version: p.version, kind: p.kind, tags: p.tags, size: p.size, libs: p.systemLibraries }));
    assert.deepEqual(rows, [
      { name: "app", version: "1.0", kind: "requested", tags: ["py3-none-any"], size: wheelBytes("app-1.0-py3-none-any.whl", "fake wheel app-1.0-py3-none-any.whl\n").length, libs: [] },
      { name: "native", version: "0.5", kind: "transitive", tags: ["cp311-cp311-linux_x86_64", "cp312-cp312-linux_x86_64"], size: 150, libs: ["libpq.so.5 (libpq5)", "libz.so.1"] },
    ]);
    assert.deepEqual(shown.totals, { packages: 2, requested: 1, wheels: 3, bytes: 150 + (rows[0]?.size ?? 0) });
  }
});
