// Placing store files into a venv: reflink, hard link or copy, falling back when the filesystem refuses.
import { chmodSync, constants, copyFileSync, linkSync, rmSync } from "node:fs";
import type { EventSink } from "../events.js";

export type LinkMode = "auto" | "reflink" | "hardlink" | "copy";
export type LinkMethod = "reflink" | "hardlink" | "copy";

/** Errors meaning "this filesystem (pair) cannot do that method": try the next one. */
const FALLBACK = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EINVAL", "ENOSYS", "ENOTTY", "EACCES"]);

export interface Linker {
  /**
   * Places `src` at `dest` (which must not exist). Copies and reflinks get `mode`; a hard link
   * shares the store file's inode and so its (read-only) mode. Returns the method used.
   */
  place(src: string, dest: string, mode: number): LinkMethod;
}

function methodsFor(mode: LinkMode): LinkMethod[] {
  switch (mode) {
    case "auto":
      // Never hard links unless asked: a write through one venv would reach every venv and release
      // sharing the inode (and the store). A reflink shares blocks copy-on-write; else a copy.
      return ["reflink", "copy"];
    case "reflink":
      return ["reflink", "copy"];
    case "hardlink":
      return ["hardlink", "copy"];
    case "copy":
      return ["copy"];
  }
}

function attempt(method: LinkMethod, src: string, dest: string, mode: number): void {
  if (method === "hardlink") return linkSync(src, dest);
  // EXCL: never write through a link or over a file already there (EEXIST, as a hard link gives).
  copyFileSync(src, dest, constants.COPYFILE_EXCL | (method === "reflink" ? constants.COPYFILE_FICLONE_FORCE : 0));
  chmodSync(dest, mode);
}

/**
 * A linker (synchronous: one system call per hard link, no event-loop turn) trying the methods of `mode` in order (auto: reflink → copy). The first
 * refusal of a method (EXDEV across filesystems, EOPNOTSUPP without reflink support, EPERM...)
 * drops it for the rest of the install; an explicitly requested method that is dropped emits a
 * warning. EMLINK (too many links to one inode) copies that file only.
 */
export function createLinker(mode: LinkMode, events?: EventSink): Linker {
  const methods = methodsFor(mode);
  let index = 0;
  return {
    place(src, dest, fileMode) {
      for (;;) {
        const method = methods[index] as LinkMethod;
        try {
          attempt(method, src, dest, fileMode);
          return method;
        } catch (err: unknown) {
          const code = (err as NodeJS.ErrnoException).code ?? "";
          if (method === "hardlink" && code === "EMLINK") {
            attempt("copy", src, dest, fileMode);
            return "copy";
          }
          if (!FALLBACK.has(code) || index >= methods.length - 1) throw err;
          rmSync(dest, { force: true });
          if (methods[index] === method) {
            index++;
            if (mode !== "auto") {
              events?.({ type: "warning", code: "LINK_FALLBACK", message: `Cannot ${method} into the venv (${code}); using ${methods[index]} instead` });
            }
          }
        }
      }
    },
  };
}
