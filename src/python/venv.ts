// Native venv creation: the tree `python -m venv --without-pip` makes, for a final path, written elsewhere.
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { activationScripts } from "./activate.js";
import type { PythonInfo } from "./interpreter.js";
import { includeDir, interpreterLinks, pyvenvCfg, venvGitignore, wantsLib64Link } from "./venv-config.js";

/** The mode of the activation scripts (the stdlib templates' mode, which `python -m venv` keeps). */
const ACTIVATE_MODE = 0o644;

/** Where things go in a venv; every path is relative to the venv root. */
export interface VenvLayout {
  /** Absolute path the venv will live at (shebangs and activation scripts name it). */
  finalPath: string;
  /** Absolute path where it is being written now. */
  stagingDir: string;
  purelib: string;
  platlib: string;
  scripts: string;
  data: string;
  /** Headers root; a wheel's `.data/headers` go to `<headers>/<project name>`. */
  headers: string;
  include: string;
  /** True when scripts and activation find the venv from their own location (default false). */
  relocatable?: boolean;
}

export interface CreateVenvOptions {
  stagingDir: string;
  finalPath: string;
  python: PythonInfo;
  relocatable?: boolean;
  /** Shown in the shell prompt and stored in pyvenv.cfg (default: the final directory's name). */
  prompt?: string;
  /** The caller will install pip (pyvenv.cfg's `command` then lacks --without-pip). */
  withPip?: boolean;
}

/** The layout of a venv of `python` at `finalPath` (pure; nothing is created). */
export function venvLayout(python: PythonInfo, finalPath: string, stagingDir: string, relocatable = false): VenvLayout {
  const p = python.schemePaths;
  const ver = `python${python.versionInfo[0]}.${python.versionInfo[1]}`;
  return {
    finalPath: path.resolve(finalPath),
    stagingDir: path.resolve(stagingDir),
    purelib: p.purelib ?? `lib/${ver}/site-packages`,
    platlib: p.platlib ?? p.purelib ?? `lib/${ver}/site-packages`,
    scripts: p.scripts ?? "bin",
    data: p.data ?? ".",
    headers: python.headersDir,
    include: includeDir(python),
    relocatable,
  };
}

/**
 * Writes a venv into `stagingDir` (which must exist and be empty) that is correct once renamed
 * to `finalPath`: pyvenv.cfg, bin/ interpreter links, lib64 → lib where venv makes it,
 * site-packages, include, activation scripts naming `finalPath` (or finding themselves when
 * `relocatable`), and .gitignore on 3.13+. No pip unless the caller installs it.
 */
export async function createVenv(options: CreateVenvOptions): Promise<VenvLayout> {
  const { python, stagingDir } = options;
  const finalPath = path.resolve(options.finalPath);
  const layout = venvLayout(python, finalPath, stagingDir, options.relocatable ?? false);
  const at = (rel: string) => path.join(stagingDir, rel);
  await mkdir(at(layout.include), { recursive: true });
  await mkdir(at(layout.purelib), { recursive: true });
  if (layout.platlib !== layout.purelib) await mkdir(at(layout.platlib), { recursive: true });
  if (wantsLib64Link(python)) await symlink("lib", at("lib64")).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EEXIST") throw err;
  });
  await mkdir(at(layout.scripts), { recursive: true });
  const links = interpreterLinks(python);
  for (const link of links) await symlink(link.target, path.join(at(layout.scripts), link.name));
  const cfg = pyvenvCfg({
    python,
    finalPath,
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
    ...(options.withPip ? { withPip: true } : {}),
  });
  await writeFile(at("pyvenv.cfg"), cfg);
  const scripts = await activationScripts(python, {
    envDir: finalPath,
    binName: layout.scripts,
    exeName: (links[0] as { name: string }).name,
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
    ...(options.relocatable ? { relocatable: true } : {}),
  });
  // 0644 whatever the umask: `python -m venv` copies the templates' mode (shutil.copymode).
  for (const script of scripts) {
    const file = path.join(at(layout.scripts), script.name);
    await writeFile(file, script.content, { mode: ACTIVATE_MODE });
    await chmod(file, ACTIVATE_MODE);
  }
  const gitignore = venvGitignore(python);
  if (gitignore !== undefined) await writeFile(at(".gitignore"), gitignore);
  return layout;
}
