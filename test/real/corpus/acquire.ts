// Getting one missing corpus file into the cache, by its origin: apt source, a Debian .deb, the local mirror, a flit_core build.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { lastLines, runProgram } from "../../../src/subprocess.js";
import type { Apt, SpawnLog } from "./apt.js";
import { filesDir, storeFile } from "./cache.js";
import type { SdistEntry, WheelEntry } from "./list.js";

/** Seconds one apt-get call may take before `timeout` kills it. */
const APT_TIMEOUT_S = 300;

/** Where the machine image's wheel mirror keeps files (see `pip config list`). */
export const DEFAULT_MIRROR_DIRS = ["/opt/wheels", "/opt/pypi/files", "/opt/pypi-more/files"];

export interface AcquireContext {
  dir: string;
  /** A scratch folder inside the cache dir (same filesystem), removed after the run. */
  work: string;
  /** The private apt runner, made on first use so that a run with nothing to fetch spawns none. */
  apt: () => Promise<Apt>;
  mirrorDirs: string[];
  log: SpawnLog;
}

/**
 * `apt-get source --download-only PIN` into a fresh folder, then stores the orig tarball. Success
 * is the tarball with its listed sha256: apt exits 100 when the .dsc or .debian.tar is missing
 * from the mirror although the tarball arrived. Returns the size; throws with apt's last lines.
 */
export async function acquireSdist(ctx: AcquireContext, entry: SdistEntry): Promise<number> {
  const apt = await ctx.apt();
  const cwd = await mkdtemp(path.join(ctx.work, "src-"));
  try {
    const res = await apt.run(["source", "--download-only", entry.pin], { cwd, timeoutSeconds: APT_TIMEOUT_S });
    const orig = path.join(cwd, entry.origName);
    if (!existsSync(orig)) {
      throw new Error(`apt-get source ${entry.pin} did not download ${entry.origName} (exit ${res.exitCode ?? res.signal}):\n${lastLines(res.all || res.stderr || res.stdout, 5)}`);
    }
    return await storeFile(ctx.dir, orig, entry);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** `apt-get download PKG=VERSION`, then the wheel from /usr/share/python-wheels/ inside the .deb. */
async function acquireFromDeb(ctx: AcquireContext, entry: WheelEntry, pin: string): Promise<number> {
  const apt = await ctx.apt();
  const cwd = await mkdtemp(path.join(ctx.work, "deb-"));
  try {
    const res = await apt.run(["download", pin], { cwd, timeoutSeconds: APT_TIMEOUT_S });
    const deb = (await readdir(cwd)).find((f) => f.endsWith(".deb"));
    if (!deb) throw new Error(`apt-get download ${pin} gave no .deb (exit ${res.exitCode ?? res.signal}):\n${lastLines(res.stderr, 5)}`);
    const out = path.join(cwd, "x");
    ctx.log(`dpkg-deb -x ${deb}`);
    const x = await runProgram("dpkg-deb", ["-x", path.join(cwd, deb), out], { timeoutMs: 60_000 });
    if (x.exitCode !== 0) throw new Error(`dpkg-deb -x ${deb} failed: ${lastLines(x.stderr, 5)}`);
    return await storeFile(ctx.dir, path.join(out, "usr", "share", "python-wheels", entry.filename), entry);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

async function acquireFromMirror(ctx: AcquireContext, entry: WheelEntry): Promise<number> {
  const found = ctx.mirrorDirs.map((d) => path.join(d, entry.filename)).find((f) => existsSync(f));
  if (!found) {
    throw new Error(`${entry.filename} is not in the local wheel mirror (${ctx.mirrorDirs.join(", ")}); copy it into ${filesDir(ctx.dir)} or set PYVENDOR_CORPUS_MIRROR to a folder holding it`);
  }
  return storeFile(ctx.dir, found, entry);
}

/**
 * Builds flit_core from the flit_core/ folder of the cached flit sdist with its own backend.
 * SOURCE_DATE_EPOCH fixes the zip timestamps, so the wheel's sha256 is the listed one.
 */
async function buildFlitCore(ctx: AcquireContext, entry: WheelEntry, sdist: string): Promise<number> {
  const cwd = await mkdtemp(path.join(ctx.work, "flit-"));
  try {
    ctx.log(`tar -xf ${sdist}`);
    const tar = await runProgram("tar", ["-xf", path.join(filesDir(ctx.dir), sdist), "-C", cwd], { timeoutMs: 60_000 });
    if (tar.exitCode !== 0) throw new Error(`tar -xf ${sdist} failed (is it cached?): ${lastLines(tar.stderr, 5)}`);
    const [top] = await readdir(cwd);
    const src = path.join(cwd, top ?? "", "flit_core");
    const out = path.join(cwd, "out");
    await mkdir(out);
    const script = "import sys; from flit_core import buildapi; print(buildapi.build_wheel(sys.argv[1]))";
    ctx.log("python3 -c flit_core.buildapi.build_wheel");
    const py = await runProgram("python3", ["-c", script, out], { cwd: src, env: { ...process.env, SOURCE_DATE_EPOCH: "315532800" }, timeoutMs: 120_000 });
    if (py.exitCode !== 0) throw new Error(`building flit_core from ${sdist} failed:\n${lastLines(py.stderr, 8)}`);
    return await storeFile(ctx.dir, path.join(out, entry.filename), entry);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Gets one wheel into the cache by its origin. Returns the size; throws Error saying what failed. */
export function acquireWheel(ctx: AcquireContext, entry: WheelEntry): Promise<number> {
  switch (entry.origin.kind) {
    case "deb":
      return acquireFromDeb(ctx, entry, entry.origin.pin);
    case "mirror":
      return acquireFromMirror(ctx, entry);
    case "flit-core":
      return buildFlitCore(ctx, entry, entry.origin.fromSdist);
  }
}
