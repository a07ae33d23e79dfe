// Writes the generated corpus to disk (source trees, sdists, requirements.txt, corpus.json) and reuses it when unchanged.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildSdist } from "../../test/helpers/sdist.js";
import { generateCorpus, GENERATOR_VERSION, type Corpus } from "./generate.js";
import { expectedChecksum } from "./python-source.js";

/** One package of a corpus on disk. */
export interface CorpusEntry {
  name: string;
  importName: string;
  version: string;
  sizeClass: string;
  dependencies: string[];
  scripts: string[];
  /** Only for packages with a C extension: checksum(b"pyvendor") that `_native` must return. */
  nativeChecksum?: number;
  sdist: { filename: string; sha256: string; bytes: number };
  sourceFiles: number;
  installedFiles: number;
}

/** corpus.json: what was generated, with totals. */
export interface CorpusSummary {
  seed: string;
  generatorVersion: number;
  packages: CorpusEntry[];
  totals: {
    packages: number;
    sourceFiles: number;
    installedFiles: number;
    nativeExtensions: number;
    consoleScripts: number;
    dependencyEdges: number;
    sdistBytes: number;
  };
  /**
   * sha256 over the path and content of every generated source file and requirements.txt (see
   * hashTree). The sdists are left out: their gzip bytes depend on the zlib build, not on us.
   */
  treeHash: string;
}

export interface CorpusOnDisk {
  dir: string;
  requirementsPath: string;
  /** Absolute paths of the sdists, in package order. */
  sdistPaths: string[];
  summary: CorpusSummary;
  /** False when an earlier run's corpus was reused. */
  generated: boolean;
}

/** Directory name of a corpus: changes with the generator version, the seed and the package count. */
export function corpusDirName(seed: string, packages: number): string {
  const slug = createHash("sha256").update(seed).digest("hex").slice(0, 10);
  return `corpus-v${GENERATOR_VERSION}-${slug}-n${packages}`;
}

async function listFiles(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(path.join(root, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(root, r)));
    else out.push(r);
  }
  return out;
}

/** sha256 over "<relative path>\0<sha256 of content>\n" of every file under `dir`, sorted by path. */
export async function hashTree(dir: string, exclude: (rel: string) => boolean = () => false): Promise<string> {
  const h = createHash("sha256");
  for (const rel of await listFiles(dir)) {
    if (exclude(rel)) continue;
    const content = await readFile(path.join(dir, rel));
    h.update(`${rel}\0${createHash("sha256").update(content).digest("hex")}\n`);
  }
  return h.digest("hex");
}

async function writeCorpus(corpus: Corpus, dir: string): Promise<CorpusSummary> {
  const entries: CorpusEntry[] = [];
  for (const p of corpus.packages) {
    const srcDir = path.join(dir, "src", p.name);
    for (const [rel, content] of p.files) {
      await mkdir(path.dirname(path.join(srcDir, rel)), { recursive: true });
      await writeFile(path.join(srcDir, rel), content);
    }
    const sdist = await buildSdist(srcDir, path.join(dir, "sdists"));
    const bytes = (await readFile(sdist.path)).length;
    entries.push({
      name: p.name,
      importName: p.importName,
      version: p.version,
      sizeClass: p.sizeClass,
      dependencies: p.dependencies,
      scripts: Object.keys(p.scripts),
      ...(p.native ? { nativeChecksum: expectedChecksum(p.native, Buffer.from("pyvendor")) } : {}),
      sdist: { filename: sdist.filename, sha256: sdist.sha256, bytes },
      sourceFiles: p.files.size,
      installedFiles: p.installedFiles,
    });
  }
  await writeFile(path.join(dir, "requirements.txt"), corpus.requirements);
  const sum = (f: (e: CorpusEntry) => number) => entries.reduce((n, e) => n + f(e), 0);
  return {
    seed: corpus.seed,
    generatorVersion: corpus.generatorVersion,
    packages: entries,
    totals: {
      packages: entries.length,
      sourceFiles: sum((e) => e.sourceFiles),
      installedFiles: sum((e) => e.installedFiles),
      nativeExtensions: sum((e) => (e.nativeChecksum === undefined ? 0 : 1)),
      consoleScripts: sum((e) => e.scripts.length),
      dependencyEdges: sum((e) => e.dependencies.length),
      sdistBytes: sum((e) => e.sdist.bytes),
    },
    treeHash: await hashTree(dir, (rel) => rel.startsWith("sdists/")),
  };
}

function onDisk(dir: string, summary: CorpusSummary, generated: boolean): CorpusOnDisk {
  return {
    dir,
    requirementsPath: path.join(dir, "requirements.txt"),
    sdistPaths: summary.packages.map((p) => path.join(dir, "sdists", p.sdist.filename)),
    summary,
    generated,
  };
}

/**
 * Returns the corpus for (seed, packages) under `workDir`, generating it only when no complete
 * copy from the same generator version exists. Generation writes into a temp directory that is
 * renamed into place, so an interrupted run never leaves a half corpus that looks complete.
 */
export async function prepareCorpus(options: { workDir: string; seed: string; packages: number }): Promise<CorpusOnDisk> {
  const dir = path.join(options.workDir, corpusDirName(options.seed, options.packages));
  const stamp = path.join(dir, "corpus.json");
  if (existsSync(stamp)) {
    const summary = JSON.parse(await readFile(stamp, "utf8")) as CorpusSummary;
    const complete = summary.generatorVersion === GENERATOR_VERSION && summary.seed === options.seed &&
      summary.packages.length === options.packages && onDisk(dir, summary, false).sdistPaths.every((p) => existsSync(p));
    if (complete) return onDisk(dir, summary, false);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const summary = await writeCorpus(generateCorpus({ seed: options.seed, packages: options.packages }), tmp);
  await writeFile(path.join(tmp, "corpus.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return onDisk(dir, summary, true);
}

/** Writes the corpus for (seed, packages) into `dir` (which must not exist) and returns its summary; for tests. */
export async function writeCorpusTo(dir: string, seed: string, packages: number): Promise<CorpusSummary> {
  await mkdir(dir, { recursive: true });
  return writeCorpus(generateCorpus({ seed, packages }), dir);
}
