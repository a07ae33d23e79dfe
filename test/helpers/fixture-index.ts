// The fixture corpus: sdists of fixtures/packages plus the build-backend wheels, served by a test index.
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSdist, type BuiltSdist, type BuildSdistOptions } from "./sdist.js";
import { startIndexServer, type IndexFile, type IndexServer } from "./index-server.js";
import { fixturesDir } from "./paths.js";

/** Where Debian's python3-wheel-whl puts its wheel, on machines that have it. */
export const SYSTEM_WHEEL_DIR = "/usr/share/python-wheels";
/** The machine's local wheel mirror (see the README's testing notes). */
export const MIRROR_FILES_DIR = "/opt/pypi/files";

/** The fixture packages every pack of the demo needs. */
export const DEMO_PACKAGES = ["hello-cli", "fastmath", "greeter", "demo-app"] as const;

function wheelsIn(dir: string, project: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${project}-`) && f.endsWith("-py3-none-any.whl"))
    .map((f) => path.join(dir, f));
}

function newest(files: string[]): string | undefined {
  const version = (f: string) => (path.basename(f).split("-")[1] ?? "0").split(".").map(Number);
  return [...files].sort((a, b) => {
    const va = version(a);
    const vb = version(b);
    for (let i = 0; i < Math.max(va.length, vb.length); i++) {
      const d = (va[i] ?? 0) - (vb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }).at(-1);
}

/**
 * The build-backend wheels the fixture builds need, served next to the fixture sdists:
 * - the newest setuptools of the machine's wheel mirror (upstream, works on Python 3.10+);
 * - the setuptools bundled with pyenv interpreters' ensurepip (upstream 65.x, for 3.8/3.9);
 * - `wheel` from Debian's python3-wheel-whl when installed (only old setuptools asks for it).
 * Debian's own setuptools wheel is not used: its distutils patch breaks non-Debian Pythons.
 * Throws, never skips, when a needed wheel is missing.
 */
export function backendWheels(): string[] {
  const modern = newest(wheelsIn(MIRROR_FILES_DIR, "setuptools"));
  if (!modern) {
    throw new Error(`No setuptools wheel in ${MIRROR_FILES_DIR}: the fixture builds need an upstream setuptools >= 68`);
  }
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), ".pyenv");
  const bundled = existsSync(path.join(pyenvRoot, "versions"))
    ? readdirSync(path.join(pyenvRoot, "versions")).flatMap((v) => {
        const lib = path.join(pyenvRoot, "versions", v, "lib");
        if (!existsSync(lib)) return [];
        return readdirSync(lib)
          .filter((d) => d.startsWith("python3"))
          .flatMap((d) => wheelsIn(path.join(lib, d, "ensurepip", "_bundled"), "setuptools"));
      })
    : [];
  const legacy = newest(bundled);
  // Only setuptools < 70.1 (the 3.8/3.9 builds) asks for `wheel`; serve it when the machine has it.
  const wheel = newest(wheelsIn(SYSTEM_WHEEL_DIR, "wheel"));
  return [modern, ...(legacy ? [legacy] : []), ...(wheel ? [wheel] : [])];
}

export interface FixtureSpec {
  /** Directory name under fixtures/packages. */
  package: string;
  options?: BuildSdistOptions;
}

/** The README walkthroughs' index: the demo's packages, and hello-cli 1.1.0 for the upgrade step. */
export const WALKTHROUGH_PACKAGES: (string | FixtureSpec)[] = [...DEMO_PACKAGES, { package: "hello-cli", options: { version: "1.1.0" } }];

/** Builds sdists for the given fixture packages (default: the demo's four) into `outDir`. */
export async function buildFixtureSdists(
  outDir: string,
  specs: (string | FixtureSpec)[] = [...DEMO_PACKAGES],
): Promise<BuiltSdist[]> {
  const out: BuiltSdist[] = [];
  for (const spec of specs) {
    const { package: name, options } = typeof spec === "string" ? { package: spec, options: {} } : spec;
    out.push(await buildSdist(path.join(fixturesDir, "packages", name), outDir, options));
  }
  return out;
}

export interface FixtureIndex {
  server: IndexServer;
  sdists: BuiltSdist[];
}

/**
 * Builds the fixture sdists into `workDir` and serves them. The demo's packages build with the
 * in-tree pvbuild backend and need nothing else; `withBackendWheels` also serves setuptools and
 * wheel for fixtures built with setuptools ("required" throws when they are missing; true serves
 * them when present).
 */
export async function startFixtureIndex(
  workDir: string,
  specs?: (string | FixtureSpec)[],
  extraFiles: (string | IndexFile)[] = [],
  withBackendWheels: boolean | "required" = true,
  port?: number,
): Promise<FixtureIndex> {
  const sdists = await buildFixtureSdists(path.join(workDir, "dists"), specs);
  let backends: string[] = [];
  if (withBackendWheels === "required") backends = backendWheels();
  else if (withBackendWheels) {
    try {
      backends = backendWheels();
    } catch {
      backends = [];
    }
  }
  const files: (string | IndexFile)[] = [
    ...sdists.map((s) => ({ path: s.path, requiresPython: ">=3.8" })),
    ...backends,
    ...extraFiles,
  ];
  const server = await startIndexServer({ files, ...(port !== undefined ? { port } : {}) });
  return { server, sdists };
}
