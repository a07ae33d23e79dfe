// Not a test: times writing, re-writing, verifying and extracting a large synthetic bundle.
// Run: npx tsc -p . && node dist/test/bundle/measure.js [total MiB, default 256] [wheels, default 64]
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { openBundle } from "../../src/bundle/read.js";
import { verifyBundle } from "../../src/bundle/verify.js";
import { writeBundle } from "../../src/bundle/write.js";
import { tempDir } from "../helpers/env.js";
import { syntheticBundle, type FakePackage } from "./helpers.js";

const totalMiB = Number(process.argv[2] ?? "256");
const count = Number(process.argv[3] ?? "64");

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${((totalMiB / ms) * 1000).toFixed(0).padStart(6)} MiB/s`);
  return result;
}

const { dir, cleanup } = await tempDir("pyvendor-measure-");
try {
  const packages: FakePackage[] = [];
  for (let i = 0; i < count; i++) packages.push({ name: `pkg${i}`, version: "1.0", wheels: [{ content: "" }] });
  const { manifest, files } = await syntheticBundle(path.join(dir, "src"), packages);
  // Incompressible content, like real wheels.
  const size = Math.floor((totalMiB * 1024 * 1024) / count);
  for (const f of files) {
    const bytes = randomBytes(size);
    await writeFile(f.source, bytes);
    const wheel = manifest.packages.flatMap((p) => p.wheels).find((w) => `wheels/${w.filename}` === f.bundlePath);
    if (wheel) Object.assign(wheel, { size, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  console.log(`${count} wheels, ${totalMiB} MiB`);
  // writeBundle recomputes the id after the edits above.
  const out = path.join(dir, "bundle");
  await timed("write directory", () => writeBundle({ output: out, manifest, files }));
  await timed("rewrite directory, nothing changed", () => writeBundle({ output: out, manifest, files }));
  for (const form of ["tar.gz", "zip"] as const) await timed(`write ${form}`, () => writeBundle({ output: `${out}.${form}`, manifest, files }));
  for (const p of [out, `${out}.tar.gz`, `${out}.zip`]) await timed(`verify ${path.basename(p)}`, () => verifyBundle(p));
  for (const p of [out, `${out}.tar.gz`, `${out}.zip`]) {
    await timed(`open + extract all ${path.basename(p)}`, async () => {
      const reader = await openBundle(p);
      await reader.extract(files.map((f) => f.bundlePath), path.join(dir, `x-${path.basename(p)}`));
      await reader.close();
    });
  }
} finally {
  await cleanup();
}
