// Where the installer's files go (its destination port, as pypa/installer's), and the one on disk.
import { closeSync, fchmodSync, lstatSync, mkdirSync, openSync, realpathSync, writeSync } from "node:fs";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
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
  /** Writes `body` at `dest` with exactly `mode`, never through a link. Errno EEXIST when `dest` exists. */
  write(dest: string, body: Buffer | string, mode: number): void;
}

/**
 * Creates `file` ("wx": never through a link, never over a file) with exactly `mode`: the umask
 * is undone where it strips bits (a launcher is r-x for everyone under umask 077, as pip makes it).
 */
export function writeExact(file: string, body: Buffer | string, mode: number, umask: number): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const fd = openSync(file, "wx", mode);
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    if (mode & umask) fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/**
 * The venv being staged at `root`: files placed by `linker`, directories made one level at a
 * time. A directory made now is a real one inside its parent; one that was there already (the
 * venv's own: lib, bin, lib64 → lib) is followed to its real path, which must be inside the venv's.
 * `umask` is the process's (read once by the caller).
 */
export function diskDestination(root: string, linker: Linker, umask: number): Destination {
  let realRoot: string | undefined;
  /** Directories known to be inside the venv, by venv-relative path. */
  const inside = new Set<string>(["."]);
  const enter = (rel: string) => {
    const full = `${root}/${rel}`;
    try {
      mkdirSync(full);
      return;
    } catch (err: unknown) {
      if (!isErrno(err, "EEXIST")) throw err;
    }
    const info = lstatSync(full);
    if (info.isDirectory()) return;
    if (!info.isSymbolicLink()) throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${full}'`), { code: "EEXIST" });
    realRoot ??= realpathSync.native(root);
    let real: string;
    try {
      real = realpathSync.native(full);
    } catch (err: unknown) {
      // A dangling link is in the way, as a file would be: where it points is not the venv's to make.
      if (isErrno(err, "ENOENT")) throw Object.assign(new Error(`EEXIST: a link to nothing, mkdir '${full}'`), { code: "EEXIST" });
      throw err;
    }
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new PyvendorError("E_UNSAFE_PATH", `${rel} leads out of the venv (to ${real})`, { data: { path: rel } });
    }
    if (!lstatSync(real).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${full}'`), { code: "ENOTDIR" });
  };
  return {
    makeDirectory(dir) {
      if (inside.has(dir)) return;
      const parts = dir.split("/");
      for (let i = 1; i <= parts.length; i++) {
        const rel = parts.slice(0, i).join("/");
        if (inside.has(rel)) continue;
        enter(rel);
        inside.add(rel);
      }
    },
    place: (src, dest, mode) => linker.place(src, `${root}/${dest}`, mode),
    // Never through a link or over a file the venv already has (bin/python is a link out of it).
    write: (dest, body, mode) => writeExact(`${root}/${dest}`, body, mode, umask),
  };
}
