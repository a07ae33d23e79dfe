// Outputs that several cases need (warm caches, bundles, a finished venv), reused when a case made them, made untimed otherwise.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BenchIndex } from "./bench-index.js";
import { benchEnv, type Pyvendor } from "./context.js";
import type { CorpusOnDisk } from "./corpus/write.js";
import { measureSteps, type Command } from "./measure.js";

export type ArtifactKey = "pv-cache" | "pv-bundle" | "pv-bundle-b" | "pip-cache" | "pip-wheels" | "pip-bundle" | "venv" | "venv.tar";

/** A bundle the install case feeds to both contenders: `<dir>/wheels` and `<dir>/requirements.lock`. */
export interface InstallBundle {
  dir: string;
  wheelsDir: string;
  lockPath: string;
  /** How it was made: "pyvendor pack" or "pip wheel" (the stand-in while the CLI is missing). */
  madeBy: string;
  /** Why pyvendor could not make it (CLI missing, pack failed), when the stand-in was used. */
  pyvendorProblem?: string;
}

export interface FinishedVenv {
  dir: string;
  tarPath: string;
  madeBy: string;
}

export interface Artifacts {
  /** Moves `dir` into the artifact store under `key` unless one is already there. */
  offer(key: ArtifactKey, dir: string): Promise<void>;
  pvCache(): Promise<string>;
  pvBundle(): Promise<string>;
  /** A second bundle (the corpus minus one leaf package), for rollback. */
  pvBundleB(): Promise<string>;
  pipCache(): Promise<string>;
  pipWheels(): Promise<string>;
  installBundle(): Promise<InstallBundle>;
  finishedVenv(): Promise<FinishedVenv>;
  /** requirements.txt without its last leaf package (the input of pvBundleB). */
  requirementsB(): Promise<string>;
}

export interface ArtifactDeps {
  root: string;
  python: string;
  corpus: CorpusOnDisk;
  index: BenchIndex;
  pyvendor: Pyvendor;
  log(line: string): void;
}

async function run(what: string, commands: Command[]): Promise<void> {
  const m = await measureSteps(commands);
  if (m.exitCode !== 0) throw new Error(`${what} failed (exit ${m.exitCode}):\n${m.stderrTail || m.stdoutTail}`);
}

/** The first lines of an error's message, for one-line reasons in the report. */
export function firstLines(err: unknown, lines = 3): string {
  return (err instanceof Error ? err.message : String(err)).split("\n").map((l) => l.trim()).filter(Boolean).slice(0, lines).join(" | ");
}

/** pip-compatible lock of a folder of wheels: `name==version --hash=sha256:...` per wheel. */
async function lockFromWheels(wheelsDir: string): Promise<string> {
  const lines: string[] = [];
  for (const f of (await readdir(wheelsDir)).filter((f) => f.endsWith(".whl")).sort()) {
    const [name, version] = f.split("-");
    const sha = createHash("sha256").update(await readFile(path.join(wheelsDir, f))).digest("hex");
    lines.push(`${(name ?? "").replace(/_/g, "-")}==${version} --hash=sha256:${sha}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Creates the artifact store under `deps.root`; each getter makes its artifact at most once. */
export function createArtifacts(deps: ArtifactDeps): Artifacts {
  const at = (key: ArtifactKey) => path.join(deps.root, key);
  const pending = new Map<ArtifactKey, Promise<string>>();
  const once = (key: ArtifactKey, make: (dest: string) => Promise<void>): Promise<string> => {
    const dest = at(key);
    if (existsSync(dest)) return Promise.resolve(dest);
    let p = pending.get(key);
    if (!p) {
      p = (async () => {
        deps.log(`  (untimed) preparing ${key}`);
        await make(dest);
        return dest;
      })();
      pending.set(key, p);
    }
    return p;
  };
  const pv = (args: string[]) => deps.pyvendor.command(args);
  let venvMadeBy = "unknown";
  const requireCli = () => {
    if (!deps.pyvendor.available) throw new Error(deps.pyvendor.reason ?? "pyvendor CLI not available");
  };
  const pack = (req: string, out: string) =>
    run(`pyvendor pack ${path.basename(req)}`, [pv(["pack", "-r", req, "--index-url", deps.index.url, "-o", out, "--cache-dir", at("pv-cache"), "--python", deps.python])]);

  const a: Artifacts = {
    offer: async (key, dir) => {
      if (existsSync(at(key)) || !existsSync(dir)) return;
      await mkdir(deps.root, { recursive: true });
      await rename(dir, at(key));
    },
    pvBundle: () => once("pv-bundle", async (dest) => {
      requireCli();
      await pack(deps.corpus.requirementsPath, dest);
    }),
    pvCache: async () => {
      if (!existsSync(at("pv-bundle"))) await a.pvBundle();
      if (!existsSync(at("pv-cache"))) {
        const scratch = path.join(deps.root, "refill-bundle");
        await pack(deps.corpus.requirementsPath, scratch);
        await rm(scratch, { recursive: true, force: true });
      }
      return at("pv-cache");
    },
    requirementsB: async () => {
      const file = path.join(deps.root, "requirements-b.txt");
      if (!existsSync(file)) {
        const needed = new Set(deps.corpus.summary.packages.flatMap((p) => p.dependencies));
        const leaf = [...deps.corpus.summary.packages].reverse().find((p) => !needed.has(p.name));
        const text = await readFile(deps.corpus.requirementsPath, "utf8");
        await mkdir(deps.root, { recursive: true });
        await writeFile(file, text.split("\n").filter((l) => l !== `${leaf?.name}==${leaf?.version}`).join("\n"));
      }
      return file;
    },
    pvBundleB: () => once("pv-bundle-b", async (dest) => {
      requireCli();
      await a.pvBundle();
      await pack(await a.requirementsB(), dest);
    }),
    pipWheels: () => once("pip-wheels", async (dest) => {
      await run("pip wheel", [{
        argv: [deps.python, "-m", "pip", "wheel", "-r", deps.corpus.requirementsPath, "--index-url", deps.index.url, "-w", dest],
        env: benchEnv({ PIP_CACHE_DIR: at("pip-cache") }),
      }]);
    }),
    pipCache: async () => (existsSync(at("pip-cache")) ? at("pip-cache") : (await a.pipWheels(), at("pip-cache"))),
    installBundle: async () => {
      let problem = deps.pyvendor.available ? undefined : deps.pyvendor.reason ?? "pyvendor CLI not available";
      if (!problem) {
        try {
          const dir = await a.pvBundle();
          return { dir, wheelsDir: path.join(dir, "wheels"), lockPath: path.join(dir, "requirements.lock"), madeBy: "pyvendor pack" };
        } catch (err: unknown) {
          problem = firstLines(err);
        }
      }
      const dir = await once("pip-bundle", async (dest) => {
        const wheels = await a.pipWheels();
        await mkdir(dest, { recursive: true });
        await run("copy wheels", [{ argv: ["cp", "-a", wheels, path.join(dest, "wheels")] }]);
        await writeFile(path.join(dest, "requirements.lock"), await lockFromWheels(path.join(dest, "wheels")));
      });
      return {
        dir, wheelsDir: path.join(dir, "wheels"), lockPath: path.join(dir, "requirements.lock"),
        madeBy: "pip wheel (stand-in: no pyvendor bundle)", pyvendorProblem: problem,
      };
    },
    finishedVenv: async () => {
      const bundle = await a.installBundle();
      const dir = await once("venv", async (dest) => {
        if (bundle.madeBy === "pyvendor pack") {
          try {
            await run("pyvendor install", [pv(["install", bundle.dir, "--venv", dest, "--python", deps.python, "--cache-dir", path.join(deps.root, "venv-cache")])]);
            venvMadeBy = "pyvendor install";
            return;
          } catch (err: unknown) {
            deps.log(`  ${firstLines(err)}; making the venv with pip instead`);
            await rm(dest, { recursive: true, force: true });
          }
        }
        await run("venv + pip install", [
          { argv: [deps.python, "-m", "venv", "--without-pip", dest], env: benchEnv() },
          {
            argv: [deps.python, "-m", "pip", "--python", path.join(dest, "bin", "python"), "install", "--no-index", "--find-links", bundle.wheelsDir, "-r", bundle.lockPath],
            env: benchEnv({ PIP_CACHE_DIR: path.join(deps.root, "pip-install-cache") }),
          },
        ]);
        venvMadeBy = "pip install --python into a venv without pip";
      });
      const tarPath = await once("venv.tar", async (dest) => {
        await run("tar", [{ argv: ["tar", "-cf", dest, "-C", deps.root, "venv"] }]);
      });
      return { dir, tarPath, madeBy: venvMadeBy };
    },
  };
  return a;
}

/** Removes the artifact store. */
export async function removeArtifacts(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
