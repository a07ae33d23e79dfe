// Checks that a venv made by a contender really holds the corpus: imports, versions, C extensions, a console script.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { benchEnv } from "./context.js";
import type { CorpusSummary } from "./corpus/write.js";
import { measure } from "./measure.js";

export interface VenvFacts {
  /** Files of the corpus's packages in site-packages and bin, bytecode (.pyc) not counted. */
  files: number;
  /** .pyc files under site-packages (pip compiles by default). */
  pycFiles: number;
}

const CHECK_SCRIPT = `
import importlib, json, sys
expected = json.loads(sys.argv[1])
for info in expected:
    m = importlib.import_module(info["import"])
    m.requirements()
    assert m.__version__ == info["version"], (info["import"], m.__version__)
    if "checksum" in info:
        got = m.checksum(b"pyvendor")
        assert got == info["checksum"], (info["import"], got, info["checksum"])
print("ok", len(expected))
`;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/**
 * Imports every corpus package in `venv` (calling requirements(), which imports its
 * dependencies), compares versions and C-extension checksums, runs one console script, and counts
 * the installed files. Throws an Error describing the first problem.
 */
export async function checkVenv(venv: string, corpus: CorpusSummary): Promise<VenvFacts> {
  const python = path.join(venv, "bin", "python");
  const expected = corpus.packages.map((p) => ({ import: p.importName, version: p.version, ...(p.nativeChecksum !== undefined ? { checksum: p.nativeChecksum } : {}) }));
  const imported = await measure({ argv: [python, "-c", CHECK_SCRIPT, JSON.stringify(expected)], env: benchEnv({ PYTHONDONTWRITEBYTECODE: "1" }) });
  if (imported.exitCode !== 0) throw new Error(`venv check failed in ${venv}:\n${imported.stderrTail}`);
  const withScript = corpus.packages.find((p) => p.scripts.length > 0);
  if (withScript) {
    const script = await measure({ argv: [path.join(venv, "bin", withScript.scripts[0] as string)], env: benchEnv({ PYTHONDONTWRITEBYTECODE: "1" }) });
    if (script.exitCode !== 0 || !script.stdoutTail.startsWith(`${withScript.name} ${withScript.version}`)) {
      throw new Error(`console script ${withScript.scripts[0]} failed (exit ${script.exitCode}): ${script.stdoutTail}${script.stderrTail}`);
    }
  }
  const libDir = path.join(venv, "lib");
  const site = path.join(libDir, (await readdir(libDir)).find((d) => d.startsWith("python")) ?? "", "site-packages");
  const tops = new Set(corpus.packages.map((p) => p.importName));
  const distInfos = new Set(corpus.packages.map((p) => `${p.importName}-${p.version}.dist-info`));
  let files = 0;
  let pycFiles = 0;
  for (const entry of await readdir(site)) {
    if (!tops.has(entry) && !distInfos.has(entry)) continue;
    for (const f of await walk(path.join(site, entry))) {
      if (f.endsWith(".pyc")) pycFiles++;
      else files++;
    }
  }
  const scripts = new Set(corpus.packages.flatMap((p) => p.scripts));
  files += (await readdir(path.join(venv, "bin"))).filter((f) => scripts.has(f)).length;
  return { files, pycFiles };
}
