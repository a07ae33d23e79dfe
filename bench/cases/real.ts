// Case "real": the real-sdist corpus (`npm run corpus`) — pack cold against `pip wheel`, pack warm with
// the index down, install (empty and warm store) against venv + pip and `cp -a` of the finished venv.
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { corpusPinSets, type SdistEntry } from "../../test/real/corpus/list.js";
import { corpusIndexFiles } from "../../test/real/corpus/serve-corpus.js";
import { firstLines } from "../artifacts.js";
import { startSwitchableIndex, type BenchIndex } from "../bench-index.js";
import { benchEnv, type BenchContext, type CaseResult } from "../context.js";
import { runAlternating, type ContenderResult, type ContenderSpec, type RunInfo } from "../harness.js";
import { measure, measureSteps, type Command } from "../measure.js";
import { countVerdict, ratioToSumVerdict, ratioVerdict, rssVerdict } from "../verdicts.js";

const TITLE = "real corpus: the newest version of every sdist of `npm run corpus` (C extensions included), from its own index";

/** Imports a few of the corpus's C extensions and counts the distributions; prints the count. */
const CHECK = `
import importlib, importlib.metadata as md
for name in ("markupsafe._speedups", "yaml._yaml", "nacl.bindings", "netifaces", "docutils.core"):
    importlib.import_module(name)
print(len(list(md.distributions())))
`;

/** Throws unless `venv` imports the corpus's extensions and holds one distribution per wheel of `wheelsDir`. */
async function checkRealVenv(venv: string, wheelsDir: string): Promise<void> {
  const wheels = (await readdir(wheelsDir)).filter((f) => f.endsWith(".whl")).length;
  const m = await measure({ argv: [path.join(venv, "bin", "python"), "-c", CHECK], env: benchEnv({ PYTHONDONTWRITEBYTECODE: "1" }) });
  if (m.exitCode !== 0) throw new Error(`venv check failed in ${venv}:\n${m.stderrTail}`);
  // pip's venvs also hold pip itself.
  const found = Number(m.stdoutTail.trim());
  if (found !== wheels && found !== wheels + 1) throw new Error(`${venv} holds ${found} distributions, the bundle ${wheels} wheels`);
}

async function run(what: string, commands: Command[]): Promise<void> {
  const m = await measureSteps(commands);
  if (m.exitCode !== 0) throw new Error(`${what} failed (exit ${m.exitCode}):\n${m.stderrTail || m.stdoutTail}`);
}

/** The real corpus's files to serve, or the case's "skipped" result when the corpus is not cached or there is no pyvendor CLI. */
export async function realCorpusOrSkip(ctx: BenchContext, id: string, title: string): Promise<{ served: Awaited<ReturnType<typeof corpusIndexFiles>> } | { skipped: CaseResult }> {
  const skipped = (why: string) => ({ skipped: { id, title, contenders: [], verdicts: [], notes: [`skipped: ${why}`] } });
  let served: Awaited<ReturnType<typeof corpusIndexFiles>>;
  try {
    served = await corpusIndexFiles();
  } catch (err: unknown) {
    return skipped(firstLines(err));
  }
  if (!ctx.pyvendor.available) return skipped(ctx.pyvendor.reason ?? "pyvendor CLI not available");
  return { served };
}

export async function realCorpus(ctx: BenchContext): Promise<CaseResult> {
  const corpus = await realCorpusOrSkip(ctx, "real", TITLE);
  if ("skipped" in corpus) return corpus.skipped;
  const { served } = corpus;
  const py = ctx.options.python;
  const caseDir = path.join(ctx.runDir, "real");
  const keep = path.join(caseDir, "kept");
  await mkdir(keep, { recursive: true });
  const sdists = served.entries.filter((e): e is SdistEntry => e.kind === "sdist" && e.pypi !== undefined);
  const pins = corpusPinSets(sdists)[0] ?? [];
  const requirements = path.join(caseDir, "requirements.txt");
  await writeFile(requirements, `${pins.join("\n")}\n`);
  const index: BenchIndex = await startSwitchableIndex(served.files, { format: "html" });
  ctx.log(`  real corpus: ${pins.length} pins, served on ${index.url}`);
  try {
    return await measureReal(ctx, { index, requirements, pins: pins.length, caseDir, keep, py });
  } finally {
    index.setDown(false);
    await index.stop();
  }
}

interface RealSetup {
  index: BenchIndex;
  requirements: string;
  pins: number;
  caseDir: string;
  /** Outputs kept across the three parts: caches, the bundle, the finished venv. */
  keep: string;
  py: string;
}

async function measureReal(ctx: BenchContext, s: RealSetup): Promise<CaseResult> {
  const { index, requirements, keep, py } = s;
  const kept = (name: string) => path.join(keep, name);
  const moveKept = async (from: string, name: string) => {
    if (existsSync(from)) await run(`keep ${name}`, [{ argv: ["rm", "-rf", kept(name)] }, { argv: ["mv", from, kept(name)] }]);
  };
  const pvPack = (out: string, cache: string, xdg?: string, more: string[] = []): Command => {
    const command = ctx.pyvendor.command(["pack", "-r", requirements, "--index-url", index.url, "-o", out, "--cache-dir", cache, "--python", py, ...more]);
    return xdg ? { ...command, env: benchEnv({ XDG_CACHE_HOME: xdg }) } : command;
  };
  const pipWheel = (out: string, cache: string, cwd: string, xdg?: string): Command => ({
    argv: [py, "-m", "pip", "wheel", "-r", requirements, "--index-url", index.url, "-w", out],
    env: benchEnv({ PIP_CACHE_DIR: cache, ...(xdg ? { XDG_CACHE_HOME: xdg } : {}) }),
    cwd,
  });
  const requests: number[] = [];

  // Cold: one counted run each (pip's alone is about ten minutes here), no warm-up.
  // --real-bundle: a bundle of the corpus packed before; only the install part is measured.
  const given = ctx.options.realBundle;
  const cold = given ? [] : await runAlternating({
    caseId: "real", caseDir: path.join(s.caseDir, "cold"), warmup: 0, runs: ctx.options.realColdRuns, rotate: true, log: ctx.log,
    contenders: [
      {
        id: "real-pip-wheel-cold", label: "real: pip wheel -r (empty PIP_CACHE_DIR)", tool: "pip",
        prepare: async (run) => {
          index.setDown(false);
          return [pipWheel(path.join(run.dir, "wheels"), path.join(run.dir, "cache"), run.dir, path.join(run.dir, "xdg"))];
        },
        finish: async (run) => {
          if (run.last) await moveKept(path.join(run.dir, "cache"), "pip-cache");
        },
      },
      {
        id: "real-pv-pack-cold", label: "real: pyvendor pack (empty cache)", tool: "pyvendor",
        prepare: async (run) => {
          index.setDown(false);
          return [pvPack(path.join(run.dir, "bundle"), path.join(run.dir, "cache"), path.join(run.dir, "xdg"))];
        },
        finish: async (run) => {
          if (!run.last) return;
          await moveKept(path.join(run.dir, "cache"), "pv-cache");
          await moveKept(path.join(run.dir, "bundle"), "bundle");
        },
      },
    ],
  });

  const warm = given ? [] : await runAlternating({
    caseId: "real", caseDir: path.join(s.caseDir, "warm"), warmup: 1, runs: ctx.options.realRuns, rotate: true, log: ctx.log,
    contenders: [
      {
        id: "real-pip-wheel-warm", label: "real: pip wheel -r (wheel cache filled)", tool: "pip", note: "index UP: pip cannot run without it",
        ...(existsSync(kept("pip-cache")) ? {} : { unavailable: "no pip cache: pip wheel cold failed" }),
        prepare: async (run) => {
          index.setDown(false);
          return [pipWheel(path.join(run.dir, "wheels"), kept("pip-cache"), run.dir)];
        },
      },
      {
        id: "real-pv-pack-warm", label: "real: pyvendor pack --offline (warm cache, index DOWN)", tool: "pyvendor",
        ...(existsSync(kept("pv-cache")) ? {} : { unavailable: "no pyvendor cache: pack cold failed" }),
        prepare: async (run) => {
          index.setDown(true);
          index.resetCount();
          // --offline: the set's unpinned dependencies are chosen among the cached releases (without
          // it, choosing them needs the index's listing: E_INDEX_UNREACHABLE).
          return [pvPack(path.join(run.dir, "bundle"), kept("pv-cache"), undefined, ["--offline"])];
        },
        observe: () => {
          requests.push(index.count());
          index.setDown(false);
        },
      },
    ],
  });

  const bundle = given ?? kept("bundle");
  const wheelsDir = path.join(bundle, "wheels");
  let install: ContenderResult[] = [];
  const notes: string[] = [];
  if (existsSync(bundle)) {
    const finished = kept("venv");
    await run("pyvendor install (the finished venv)", [ctx.pyvendor.command(["install", bundle, "--venv", finished, "--python", py, "--cache-dir", kept("venv-store")])]);
    const warmStore = kept("warm-store");
    const hardlinkStore = kept("warm-store-hardlink");
    const pvInstall = (id: string, label: string, store: (run: RunInfo) => string, extra: string[] = []): ContenderSpec => ({
      id, label, tool: "pyvendor",
      prepare: async (run) => {
        const command = ctx.pyvendor.command(["install", bundle, "--venv", path.join(run.dir, "venv"), "--python", py, "--cache-dir", store(run), ...extra]);
        return [{ ...command, env: benchEnv({ XDG_CACHE_HOME: `${store(run)}-xdg` }) }];
      },
      finish: async (run) => {
        if (run.last) await checkRealVenv(path.join(run.dir, "venv"), wheelsDir);
      },
    });
    install = await runAlternating({
      caseId: "real", caseDir: path.join(s.caseDir, "install"), warmup: 1, runs: ctx.options.realRuns, rotate: true, log: ctx.log,
      contenders: [
        {
          id: "real-pip-install", label: "real: python -m venv + pip install --no-index --find-links", tool: "pip", note: "pip compiles .pyc (its default)",
          prepare: async (run) => {
            const venv = path.join(run.dir, "venv");
            return [
              { argv: [py, "-m", "venv", venv], env: benchEnv() },
              {
                argv: [path.join(venv, "bin", "python"), "-m", "pip", "install", "--no-index", "--find-links", wheelsDir, "-r", path.join(bundle, "requirements.lock")],
                env: benchEnv({ PIP_CACHE_DIR: path.join(run.dir, "pip-cache") }),
              },
            ];
          },
          finish: async (run) => {
            if (run.last) await checkRealVenv(path.join(run.dir, "venv"), wheelsDir);
          },
        },
        pvInstall("real-pv-install-empty", "real: pyvendor install (empty store)", (run) => path.join(run.dir, "store")),
        pvInstall("real-pv-install-warm", "real: pyvendor install (warm store; copies, the default here)", () => warmStore),
        pvInstall("real-pv-install-hardlink", "real: pyvendor install (warm store, --link-mode hardlink)", () => hardlinkStore, ["--link-mode", "hardlink"]),
        {
          id: "real-cp-a", label: "real: cp -a of the finished venv", tool: "floor", note: "venv made by pyvendor install",
          prepare: async (run) => [{ argv: ["cp", "-a", finished, path.join(run.dir, "venv")] }],
        },
        {
          id: "real-node-e-0", label: "real: node -e 0 (the runtime's own start)", tool: "floor",
          prepare: async () => [{ argv: [process.execPath, "-e", "0"] }],
        },
      ],
    });
  } else {
    notes.push("install not measured: pyvendor pack cold made no bundle");
  }

  const by = (id: string) => [...cold, ...warm, ...install].find((c) => c.id === id);
  const pvRequests = requests.length ? Math.max(...requests) : undefined;
  return {
    id: "real",
    title: TITLE,
    contenders: [...cold, ...warm, ...install],
    verdicts: [
      ratioVerdict("real: pyvendor pack cold / pip wheel cold", by("real-pv-pack-cold"), by("real-pip-wheel-cold"), { op: "<=", limit: 0.5 }),
      ratioVerdict("real: pyvendor pack warm (index down) / pip wheel cold", by("real-pv-pack-warm"), by("real-pip-wheel-cold"), { op: "<", limit: 0.05 }),
      ratioVerdict("real: pyvendor pack warm / pip wheel warm", by("real-pv-pack-warm"), by("real-pip-wheel-warm")),
      countVerdict("real: index requests during pyvendor warm packs (max)", pvRequests, { op: "=", limit: 0 }, pvRequests === undefined ? "pyvendor did not run" : undefined),
      ratioVerdict("real: pyvendor install, empty store / pip", by("real-pv-install-empty"), by("real-pip-install"), { op: "<=", limit: 0.2 }),
      ratioVerdict("real: pyvendor install, empty store / cp -a", by("real-pv-install-empty"), by("real-cp-a"), { op: "<=", limit: 1.5 }),
      ratioVerdict("real: pyvendor install, warm store (copies) / pip", by("real-pv-install-warm"), by("real-pip-install"), { op: "<=", limit: 0.05 }),
      ratioVerdict("real: pyvendor install, warm store (copies) / cp -a", by("real-pv-install-warm"), by("real-cp-a"), { op: "<=", limit: 1.5 }),
      ratioVerdict("real: pyvendor install, warm store, --link-mode hardlink / cp -a", by("real-pv-install-hardlink"), by("real-cp-a"), { op: "<=", limit: 0.5 }),
      ratioToSumVerdict("real: pyvendor install, warm store (copies) / (node -e 0 + cp -a)", by("real-pv-install-warm"), [by("real-node-e-0"), by("real-cp-a")], { op: "<=", limit: 1 }),
      rssVerdict("real: pyvendor install, empty store: peak RSS", by("real-pv-install-empty"), { op: "<", limit: 200 }),
      ratioVerdict("real: cp -a / pip install", by("real-cp-a"), by("real-pip-install")),
    ],
    notes: [
      `${s.pins} pins (the newest version of each corpus project) and the dependencies each tool resolves from the same index; pack cold runs ${ctx.options.realColdRuns} time(s) each without warm-up (pip wheel of this set takes about ten minutes on 2 cores), the other parts 1 warm-up + ${ctx.options.realRuns}.`,
      "pip resolves the unpinned dependencies itself, pyvendor pins them from the index (`pack` closes the set): the two may pick other versions of those few.",
      "The warm pyvendor pack runs with --offline: 9 dependencies of the set are unpinned, and with the index down only --offline lets pack choose them among the cached releases.",
      ...(given ? [`install part only: the bundle is --real-bundle ${given} (both packs skipped)`] : []),
      ...notes,
    ],
  };
}
