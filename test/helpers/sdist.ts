// Turns a fixture source tree (pyproject.toml with a [project] table) into a real sdist .tar.gz.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { parse as parseToml } from "smol-toml";
import tar from "tar-stream";
import { fixturesDir } from "./paths.js";

const gzipAsync = promisify(gzip);
/** Every entry gets this mtime so that the same tree gives the same bytes. */
const FIXED_MTIME = new Date("2024-01-01T00:00:00Z");
const SKIP = new Set(["__pycache__", "build", "dist", ".git"]);

export interface BuildSdistOptions {
  /** Replace the version in pyproject.toml (and PKG-INFO) with this one. */
  version?: string;
  /** Replace the [project] dependencies list. */
  dependencies?: string[];
  /** Files of the tree to leave out of the archive, e.g. ["pyproject.toml"] for a setup.py-only sdist. */
  omit?: string[];
  /** Files to add to the archive (path under the top directory → text), e.g. a stale *.egg-info/. */
  extraFiles?: Record<string, string>;
}

export interface BuiltSdist {
  path: string;
  filename: string;
  name: string;
  version: string;
  sha256: string;
}

interface PyprojectFile {
  project?: ProjectTable;
  "build-system"?: { "build-backend"?: string; "backend-path"?: string[] };
  tool?: { pvbuild?: { packages?: string[]; "ext-modules"?: { name: string; sources: string[]; libraries?: string[]; "include-dirs"?: string[] }[] } };
}

interface ProjectTable {
  name: string;
  version: string;
  description?: string;
  "requires-python"?: string;
  dependencies?: string[];
  "optional-dependencies"?: Record<string, string[]>;
  license?: { text?: string };
  scripts?: Record<string, string>;
  "gui-scripts"?: Record<string, string>;
  "entry-points"?: Record<string, Record<string, string>>;
}

/** The fixtures' own build backend (fixtures/backend/pvbuild.py), copied into sdists that use it. */
const PVBUILD = path.join(fixturesDir, "backend", "pvbuild.py");

/** _build/pvbuild.json for the pvbuild backend, derived from pyproject.toml (it cannot read TOML on 3.8). */
function pvbuildConfig(file: PyprojectFile): string {
  const project = file.project;
  const entryPoints: Record<string, Record<string, string>> = { ...(project?.["entry-points"] ?? {}) };
  if (project?.scripts) entryPoints.console_scripts = project.scripts;
  if (project?.["gui-scripts"]) entryPoints.gui_scripts = project["gui-scripts"];
  const tool = file.tool?.pvbuild ?? {};
  return `${JSON.stringify(
    {
      packages: tool.packages ?? [],
      ext_modules: (tool["ext-modules"] ?? []).map((e) => ({
        name: e.name,
        sources: e.sources,
        libraries: e.libraries ?? [],
        include_dirs: e["include-dirs"] ?? [],
      })),
      entry_points: entryPoints,
    },
    null,
    2,
  )}\n`;
}

async function listFiles(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(path.join(root, rel), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (SKIP.has(entry.name) || entry.name.endsWith(".egg-info") || entry.name.endsWith(".pyc")) continue;
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, relPath)));
    else if (entry.isFile()) out.push(relPath);
  }
  return out;
}

function pkgInfo(project: ProjectTable): string {
  const lines = ["Metadata-Version: 2.1", `Name: ${project.name}`, `Version: ${project.version}`];
  if (project.description) lines.push(`Summary: ${project.description}`);
  if (project.license?.text) lines.push(`License: ${project.license.text}`);
  if (project["requires-python"]) lines.push(`Requires-Python: ${project["requires-python"]}`);
  for (const dep of project.dependencies ?? []) lines.push(`Requires-Dist: ${dep}`);
  for (const [extra, deps] of Object.entries(project["optional-dependencies"] ?? {})) {
    lines.push(`Provides-Extra: ${extra}`);
    for (const dep of deps) {
      const [req, marker] = dep.split(";", 2).map((s) => s.trim());
      const extraMarker = `extra == "${extra}"`;
      lines.push(`Requires-Dist: ${req}; ${marker ? `(${marker}) and ${extraMarker}` : extraMarker}`);
    }
  }
  return `${lines.join("\n")}\n\n`;
}

function rewritePyproject(text: string, options: BuildSdistOptions): string {
  let out = text;
  if (options.version) out = out.replace(/^version = ".*"$/m, `version = "${options.version}"`);
  if (options.dependencies) {
    const list = options.dependencies.map((d) => `    ${JSON.stringify(d)},`).join("\n");
    out = out.replace(/^dependencies = \[[\s\S]*?^\]$/m, `dependencies = [\n${list}\n]`);
  }
  return out;
}

/**
 * Writes `<name>-<version>.tar.gz` (name with `_` per the sdist spec) into `outDir` from the tree
 * at `srcDir`, with a generated PKG-INFO. Deterministic: same tree and options, same bytes.
 */
export async function buildSdist(srcDir: string, outDir: string, options: BuildSdistOptions = {}): Promise<BuiltSdist> {
  const pyprojectText = rewritePyproject(await readFile(path.join(srcDir, "pyproject.toml"), "utf8"), options);
  const pyproject = parseToml(pyprojectText) as PyprojectFile;
  const project = pyproject.project;
  if (!project?.name || !project.version) throw new Error(`${srcDir}: pyproject.toml needs [project] name and version`);
  const distName = project.name.replace(/[-_.]+/g, "_").toLowerCase();
  const base = `${distName}-${project.version}`;
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  const add = (name: string, content: Buffer, mode = 0o644) =>
    new Promise<void>((resolve, reject) => {
      pack.entry({ name: `${base}/${name}`, mtime: FIXED_MTIME, mode, uid: 0, gid: 0, uname: "", gname: "" }, content, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  await add("PKG-INFO", Buffer.from(pkgInfo(project)));
  const omit = new Set(options.omit ?? []);
  const files = (await listFiles(srcDir)).filter((rel) => !omit.has(rel)).map((rel) => ({ rel, from: path.join(srcDir, rel) }));
  for (const rel of Object.keys(options.extraFiles ?? {})) files.push({ rel, from: "" });
  files.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  if (pyproject["build-system"]?.["build-backend"] === "pvbuild") {
    files.push({ rel: "_build/pvbuild.py", from: PVBUILD }, { rel: "_build/pvbuild.json", from: "" });
    files.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  }
  for (const { rel, from } of files) {
    const content =
      rel === "pyproject.toml"
        ? Buffer.from(pyprojectText)
        : rel === "_build/pvbuild.json"
          ? Buffer.from(pvbuildConfig(pyproject))
          : options.extraFiles?.[rel] !== undefined
            ? Buffer.from(options.extraFiles[rel] as string)
            : await readFile(from);
    await add(rel, content);
  }
  pack.finalize();
  await done;
  const gz = await gzipAsync(Buffer.concat(chunks), { level: 9 });
  // Zero the gzip header's mtime and OS byte so the archive does not depend on the machine.
  gz.writeUInt32LE(0, 4);
  gz[9] = 255;
  await mkdir(outDir, { recursive: true });
  const filename = `${base}.tar.gz`;
  const file = path.join(outDir, filename);
  await writeFile(file, gz);
  return {
    path: file,
    filename,
    name: project.name,
    version: project.version,
    sha256: createHash("sha256").update(gz).digest("hex"),
  };
}
