// An installer destination in memory: what a venv on disk would refuse (a path taken, a file in the way), it refuses too.
import path from "node:path";
import type { Destination } from "../../src/wheel/destination.js";
import type { LinkMethod } from "../../src/wheel/link.js";

export interface MemoryFile {
  /** Written bytes, or undefined for a placed store file (see `src`). */
  body?: Buffer;
  /** The store file placed here. */
  src?: string;
  mode: number;
}

export interface MemoryDestination extends Destination {
  readonly files: Map<string, MemoryFile>;
  readonly dirs: Set<string>;
  /** Calls in order, for tests that care when a directory was made. */
  readonly calls: string[];
}

function errno(code: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${p}`), { code });
}

/** `existing` files (venv-relative) are there before the install, as bin/python is in a new venv. */
export function memoryDestination(options: { existing?: string[]; method?: LinkMethod } = {}): MemoryDestination {
  const files = new Map<string, MemoryFile>();
  const dirs = new Set<string>(["."]);
  const calls: string[] = [];
  const addFile = (dest: string, file: MemoryFile) => {
    if (files.has(dest) || dirs.has(dest)) throw errno("EEXIST", dest);
    const parent = path.posix.dirname(dest);
    if (files.has(parent)) throw errno("ENOTDIR", dest);
    if (!dirs.has(parent)) throw errno("ENOENT", dest);
    files.set(dest, file);
  };
  for (const e of options.existing ?? []) {
    for (let d = path.posix.dirname(e); !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
    files.set(e, { body: Buffer.alloc(0), mode: 0o755 });
  }
  return {
    files,
    dirs,
    calls,
    makeDirectory(dir) {
      calls.push(`mkdir ${dir}`);
      const parts = dir.split("/");
      for (let i = 1; i <= parts.length; i++) {
        const sub = parts.slice(0, i).join("/");
        if (files.has(sub)) throw errno(i === parts.length ? "EEXIST" : "ENOTDIR", sub);
        dirs.add(sub);
      }
    },
    place(src, dest, mode) {
      calls.push(`place ${dest}`);
      addFile(dest, { src, mode });
      return options.method ?? "copy";
    },
    write(dest, body, mode) {
      calls.push(`write ${dest}`);
      addFile(dest, { body: Buffer.from(body), mode });
    },
  };
}
