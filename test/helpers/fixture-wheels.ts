// The four fixture packages as wheels (pip wheel --no-deps from the fixture index), built once per tree.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { cleanEnv } from "./env.js";
import { DEMO_PACKAGES, startFixtureIndex } from "./fixture-index.js";
import { fixturesDir } from "./paths.js";

export interface FixtureWheel {
  path: string;
  filename: string;
  /** Normalized project name. */
  name: string;
  sha256: string;
}

async function treeHash(dir: string): Promise<string> {
  const hash = createHash("sha256");
  await feed(dir, hash);
  return hash.digest("hex").slice(0, 16);
}

async function feed(dir: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === "__pycache__" || entry.name === "build" || entry.name.endsWith(".egg-info")) continue;
    const full = path.join(dir, entry.name);
    hash.update(`${entry.name}\0`);
    if (entry.isDirectory()) await feed(full, hash);
    else hash.update(await readFile(full));
  }
}

async function describe(dir: string): Promise<FixtureWheel[]> {
  const out: FixtureWheel[] = [];
  for (const filename of (await readdir(dir)).filter((f) => f.endsWith(".whl")).sort()) {
    const file = path.join(dir, filename);
    out.push({
      path: file,
      filename,
      name: (filename.split("-")[0] ?? "").replace(/_/g, "-").toLowerCase(),
      sha256: createHash("sha256").update(await readFile(file)).digest("hex"),
    });
  }
  return out;
}

/**
 * Wheels of hello-cli, fastmath, greeter and demo-app for `python` (default python3), built with
 * pip from a fixture index on 127.0.0.1 and kept in a temp dir keyed by the fixture sources and
 * interpreter, so a test run builds them once (built into a temp dir, renamed into place).
 */
export async function fixtureWheels(python = "python3"): Promise<FixtureWheel[]> {
  const { stdout: pyVersion } = await execa(python, ["-c", "import sys; print(sys.version)"]);
  const key = createHash("sha256").update(await treeHash(path.join(fixturesDir, "packages"))).update(pyVersion).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `pyvendor-fixture-wheels-${key}`);
  if (existsSync(dir)) return describe(dir);
  const work = path.join(os.tmpdir(), `pyvendor-fixture-build-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  const index = await startFixtureIndex(work);
  try {
    await execa(
      python,
      ["-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-w", path.join(work, "wheels"), "--index-url", index.server.url, ...index.sdists.map((s) => s.path)],
      { env: cleanEnv(), extendEnv: false },
    );
    try {
      await rename(path.join(work, "wheels"), dir);
    } catch (err: unknown) {
      if (!existsSync(dir)) throw err;
    }
  } finally {
    await index.server.stop();
    await rm(work, { recursive: true, force: true });
  }
  const wheels = await describe(dir);
  if (wheels.length !== DEMO_PACKAGES.length) throw new Error(`expected ${DEMO_PACKAGES.length} fixture wheels in ${dir}, found ${wheels.length}`);
  return wheels;
}
