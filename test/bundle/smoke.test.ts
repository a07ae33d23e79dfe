import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { readdir, readFile } from "node:fs/promises";
import { tempDir } from "../helpers/env.js";
import { syntheticBundle } from "./helpers.js";
import { writeBundle } from "../../src/bundle/write.js";
import { openBundle } from "../../src/bundle/read.js";

test("smoke", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { manifest, files } = await syntheticBundle(path.join(dir, "src"), [
      { name: "alpha", version: "1.0" },
      { name: "beta", version: "2.0", requested: false, withSource: true },
    ]);
    for (const out of ["b", "b.tar.gz", "b.zip"]) {
      const r = await writeBundle({ output: path.join(dir, out), manifest, files });
      console.log(r.format, r.written, r.reused);
      const reader = await openBundle(path.join(dir, out));
      const got = await reader.extract(["wheels/alpha-1.0-py3-none-any.whl", "sources/beta-2.0.tar.gz"], path.join(dir, "x-" + out));
      console.log(got);
      await reader.close();
    }
    console.log(await readFile(path.join(dir, "b", "requirements.lock"), "utf8"));
    console.log(await readFile(path.join(dir, "b", "pylock.toml"), "utf8"));
    const r2 = await writeBundle({ output: path.join(dir, "b"), manifest, files: [] });
    console.log(r2.written, r2.reused, r2.removed);
    console.log(await readdir(dir));
  } finally {
    if (!process.env.KEEP) await cleanup(); else console.log("KEPT", dir);
  }
});
