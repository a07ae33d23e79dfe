// Where the installer's files go (its destination port, as pypa/installer's), and the one on disk.
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import type { LinkMethod, Linker } from "./link.js";

/**
 * The three things the installer does to a venv. Paths are venv-relative, normalized and
 * `/`-separated (the install plan checked them). Synchronous on purpose: one system call per file,
 * none of the promise machinery that costs more than a link for thousands of small files.
 */
export interface Destination {
  /**
   * Makes `dir` and its parents. Throws E_UNSAFE_PATH when it resolves outside the venv (through a
   * link the venv has), and the errno error (EEXIST, ENOTDIR) when a file is in the way.
   */
  makeDirectory(dir: string): void;
  /** Places the store file `src` at `dest` with `mode` (a hard link keeps the store's). Errno EEXIST when `dest` exists. */
  place(src: string, dest: string, mode: number): LinkMethod;
  /** Writes `body` at `dest` with `mode`, never through a link. Errno EEXIST when `dest` exists. */
  write(dest: string, body: Buffer | string, mode: number): void;
}

/** The venv being staged at `root`: directories checked against its real path, files placed by `linker`. */
export function diskDestination(root: string, linker: Linker): Destination {
  let realRoot: string | undefined;
  return {
    makeDirectory(dir) {
      const full = path.join(root, dir);
      mkdirSync(full, { recursive: true });
      realRoot ??= realpathSync.native(root);
      const real = realpathSync.native(full);
      if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
        throw new PyvendorError("E_UNSAFE_PATH", `${dir} leads out of the venv (to ${real})`, { data: { path: dir } });
      }
    },
    place: (src, dest, mode) => linker.place(src, `${root}/${dest}`, mode),
    // "wx": never through a link or over a file the venv already has (bin/python is a link out of it).
    write: (dest, body, mode) => writeFileSync(`${root}/${dest}`, body, { mode, flag: "wx" }),
  };
}
