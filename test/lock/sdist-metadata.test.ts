// An sdist's dependencies from its PKG-INFO where PEP 643 makes them static, else from a build.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import tar from "tar-stream";
import { isPyvendorError } from "../../src/errors.js";
import { sdistMetadataPort, staticSdistMetadata } from "../../src/lock/sdist-metadata.js";
import type { DownloadResult } from "../../src/package-index/download.js";
import { tempDir } from "../helpers/env.js";

let work: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  work = await tempDir("pyvendor-sdist-metadata-");
});
after(async () => {
  await work?.cleanup();
});

const pkgInfo = (version: string, extra: string[] = []) => [`Metadata-Version: ${version}`, "Name: demo", "Version: 1.0", ...extra, "Requires-Dist: lib>=1", ""].join("\n");

test("PKG-INFO 2.2+ with static Requires-Dist and Requires-Python stands for the wheel's METADATA; older or dynamic ones do not", () => {
  assert.deepEqual(staticSdistMetadata(pkgInfo("2.2")), { text: pkgInfo("2.2") });
  assert.ok("text" in staticSdistMetadata(pkgInfo("2.4", ["Dynamic: License-File"])));
  assert.deepEqual(staticSdistMetadata(pkgInfo("2.1")), { why: "its PKG-INFO is Metadata-Version 2.1, older than 2.2 (PEP 643)" });
  assert.deepEqual(staticSdistMetadata(pkgInfo("2.4", ["Dynamic: Requires-Dist"])), { why: "its PKG-INFO declares requires-dist dynamic" });
  assert.deepEqual(staticSdistMetadata(pkgInfo("2.3", ["Dynamic: requires-python"])), { why: "its PKG-INFO declares requires-python dynamic" });
  assert.throws(() => staticSdistMetadata("not metadata"), (err: unknown) => isPyvendorError(err, "E_INVALID_METADATA"));
});

async function sdist(name: string, files: Record<string, string>): Promise<DownloadResult> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const [file, text] of Object.entries(files)) pack.entry({ name: `demo-1.0/${file}` }, text);
  pack.finalize();
  await ended;
  const bytes = gzipSync(Buffer.concat(chunks));
  const file = path.join(work.dir, name);
  await writeFile(file, bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return {
    file: { project: "demo", version: "1.0", filename: name, kind: "sdist", url: `https://example.invalid/${name}`, hashes: { sha256 }, yanked: false, index: "test" },
    path: file, sha256, size: bytes.length, fromCache: false,
  };
}

test("the port reads a static PKG-INFO without building, builds otherwise, and says why it cannot without a build", async () => {
  const built: string[] = [];
  const port = sdistMetadataPort({ workDir: work.dir, build: async (s) => (built.push(s.file.filename), pkgInfo("2.1")) });
  const modern = await sdist("demo-1.0.tar.gz", { "PKG-INFO": pkgInfo("2.2"), "pyproject.toml": "" });
  assert.equal(await port(modern), pkgInfo("2.2"));
  assert.deepEqual(built, []);
  const old = await sdist("demo-1.0-old.tar.gz", { "PKG-INFO": pkgInfo("2.1"), "pyproject.toml": "" });
  assert.equal(await port(old), pkgInfo("2.1"));
  assert.deepEqual(built, ["demo-1.0-old.tar.gz"]);
  const bare = sdistMetadataPort({ workDir: work.dir });
  await assert.rejects(bare(old), (err: unknown) => isPyvendorError(err, "E_NO_MATCHING_DISTRIBUTION") && /known only after a build \(its PKG-INFO is Metadata-Version 2\.1/.test(err.message));
  const none = await sdist("demo-1.0-none.tar.gz", { "pyproject.toml": "" });
  await assert.rejects(bare(none), (err: unknown) => isPyvendorError(err, "E_NO_MATCHING_DISTRIBUTION") && /no PKG-INFO/.test(err.message));
});
