// Cached isolated build environments: one venv per (interpreter, exact wheel set), made by our own installer.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isErrno } from "../errors.js";
import type { EventSink } from "../events.js";
import { pythonTag, type PythonInfo } from "../python/interpreter.js";
import { createVenv } from "../python/venv.js";
import { installWheels } from "../wheel/install.js";

/** A wheel that goes into a build environment. */
export interface EnvWheel {
  /** Normalized project name. */
  name: string;
  version: string;
  path: string;
  sha256: string;
}

export interface BuildEnv {
  dir: string;
  /** The environment's interpreter (bin/python). */
  python: string;
  /** `name==version` of everything installed, sorted. */
  requirements: string[];
  /** True when this call made it (false: found in the cache or made by a concurrent call). */
  created: boolean;
}

export interface BuildEnvStats {
  created: number;
  reused: number;
}

export interface BuildEnvStore {
  /**
   * The environment of `python` holding exactly `wheels`, made on first use. Creation stages the
   * venv in a temp directory next to its final place and renames it there, so an environment is
   * complete or absent; when another process wins the rename, its environment is used.
   * Concurrent calls for the same set in one process share one creation.
   */
  ensure(python: PythonInfo, wheels: EnvWheel[]): Promise<BuildEnv>;
  stats: BuildEnvStats;
}

const MARKER = "pyvendor-build-env.json";

/** The key of an environment: interpreter identity and the exact wheels (by content). */
export function buildEnvKey(python: PythonInfo, wheels: EnvWheel[]): string {
  const identity = { python: python.realExecutable, version: python.version, implementation: python.implementation };
  const set = [...wheels].map((w) => `${w.name}==${w.version} ${w.sha256}`).sort();
  return createHash("sha256").update(JSON.stringify({ format: 1, identity, set })).digest("hex");
}

async function readMarker(dir: string): Promise<boolean> {
  try {
    JSON.parse(await readFile(path.join(dir, MARKER), "utf8"));
    return true;
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR") || err instanceof SyntaxError) return false;
    throw err;
  }
}

/**
 * Opens the store in `envsDir` (the cache's envs bucket). `storeDir` is the unpacked-wheel
 * store the installer places files from, in the default link mode (reflinks or copies: never hard
 * links, which would let a build write into the store; see LINKED_MARKER in wheel/store.ts).
 */
export function createBuildEnvStore(options: { envsDir: string; storeDir: string; events?: EventSink }): BuildEnvStore {
  const stats: BuildEnvStats = { created: 0, reused: 0 };
  const pending = new Map<string, Promise<BuildEnv>>();

  async function make(python: PythonInfo, wheels: EnvWheel[], key: string): Promise<BuildEnv> {
    const final = path.join(options.envsDir, `${pythonTag(python)}-${key.slice(0, 32)}`);
    const requirements = wheels.map((w) => `${w.name}==${w.version}`).sort();
    const bin = path.join(final, "bin", "python");
    if (await readMarker(final)) return { dir: final, python: bin, requirements, created: false };
    await mkdir(options.envsDir, { recursive: true });
    const staging = path.join(options.envsDir, `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    await mkdir(staging);
    try {
      const layout = await createVenv({ stagingDir: staging, finalPath: final, python, prompt: "pyvendor-build" });
      await installWheels({
        layout,
        python,
        wheels: wheels.map((w) => ({ path: w.path, name: w.name, sha256: w.sha256, requested: true })),
        storeDir: options.storeDir,
        compile: false,
      });
      await writeFile(path.join(staging, MARKER), `${JSON.stringify({ format: 1, key, python: python.executable, requirements }, null, 1)}\n`);
      for (let attempt = 0; ; attempt++) {
        try {
          await rename(staging, final);
          break;
        } catch (err: unknown) {
          if (!isErrno(err, "ENOTEMPTY") && !isErrno(err, "EEXIST")) throw err;
          if (await readMarker(final)) return { dir: final, python: bin, requirements, created: false };
          if (attempt > 0) throw err;
          // Only complete environments are ever renamed into place, so this is debris (say, an
          // interrupted manual delete): move it aside and try once more.
          const trash = path.join(options.envsDir, `.tmp-stale-${process.pid}-${randomBytes(6).toString("hex")}`);
          await rename(final, trash).catch(() => undefined);
          await rm(trash, { recursive: true, force: true });
        }
      }
      options.events?.({ type: "debug", message: `created build environment ${path.basename(final)}: ${requirements.join(" ") || "(empty)"}` });
      return { dir: final, python: bin, requirements, created: true };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  return {
    stats,
    async ensure(python, wheels) {
      const key = buildEnvKey(python, wheels);
      let env = pending.get(key);
      const first = env === undefined;
      if (!env) {
        env = make(python, wheels, key);
        pending.set(key, env);
        env.catch(() => pending.delete(key));
      }
      const result = await env;
      if (first && result.created) stats.created += 1;
      else stats.reused += 1;
      return first ? result : { ...result, created: false };
    },
  };
}
