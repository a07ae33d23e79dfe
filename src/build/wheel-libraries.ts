// The shared libraries a wheel's extension modules need from the system (ELF DT_NEEDED minus the base set).
import path from "node:path";
import type { SystemLibrary } from "../bundle/manifest.js";
import { readElfInfo } from "../wheel/elf.js";
import { openZip, readEntry } from "../wheel/zip-entries.js";

/**
 * Libraries every Linux system that can run the interpreter has: glibc's own (libc, libm,
 * libpthread, libdl, librt, libutil, libnsl, libresolv, libcrypt, the loader), the GCC runtime,
 * libpython, and the rest of the manylinux allow-list (PEP 599/600: X11, GL, glib). Note that
 * libz is not on it.
 */
const BASE = new Set([
  "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libnsl.so.1",
  "libresolv.so.2", "libcrypt.so.1", "libgcc_s.so.1", "libstdc++.so.6", "libatomic.so.1",
  "libX11.so.6", "libXext.so.6", "libXrender.so.1", "libICE.so.6", "libSM.so.6", "libGL.so.1",
  "libgobject-2.0.so.0", "libgthread-2.0.so.0", "libglib-2.0.so.0", "libpanelw.so.5", "libncursesw.so.5",
]);

/** True for a library of the base set (see BASE), the dynamic loader, or libpython. */
export function isBaseLibrary(soname: string): boolean {
  return BASE.has(soname) || /^ld-linux[\w.-]*\.so(\.\d+)*$/.test(soname) || /^ld64\.so\.\d+$/.test(soname) || /^libpython\d/.test(soname);
}

/** Largest shared object read into memory to find its DT_NEEDED entries. */
const MAX_ELF_BYTES = 512 * 1024 * 1024;

const looksShared = (name: string) => /\.so(\.[\w.]+)?$/.test(name) || /\.(abi3|cpython-[\w-]+|pypy[\w-]+)\.so$/.test(name);

/**
 * Sonames the extension modules (and bundled libraries) of the wheel at `wheelPath` need that
 * the wheel does not carry itself and that are not base libraries, sorted. Objects that are
 * not ELF are ignored.
 */
export async function neededSystemLibraries(wheelPath: string): Promise<string[]> {
  const zip = await openZip(wheelPath, path.basename(wheelPath));
  try {
    const provided = new Set<string>();
    const needed = new Set<string>();
    for (const info of zip.entries) {
      if (info.isDir || !looksShared(info.name) || info.size > MAX_ELF_BYTES) continue;
      provided.add(path.posix.basename(info.name));
      const elf = readElfInfo(await readEntry(zip, info, MAX_ELF_BYTES));
      if (!elf) continue;
      if (elf.soname) provided.add(elf.soname);
      for (const lib of elf.needed) needed.add(lib);
    }
    return [...needed].filter((lib) => !provided.has(lib) && !isBaseLibrary(lib)).sort();
  } finally {
    zip.close();
  }
}

export interface LibraryLookup {
  /** Where the loader finds a soname on this machine. */
  find(soname: string): Promise<string | undefined>;
  /** The system package owning a file. */
  owner(file: string): Promise<string | undefined>;
}

/** The wheel's system libraries with the package that provided each on this machine, when known. */
export async function scanWheelLibraries(wheelPath: string, lookup: LibraryLookup): Promise<SystemLibrary[]> {
  const out: SystemLibrary[] = [];
  for (const soname of await neededSystemLibraries(wheelPath)) {
    const file = await lookup.find(soname);
    const pkg = file ? await lookup.owner(file) : undefined;
    out.push({ soname, ...(pkg ? { package: pkg } : {}) });
  }
  return out;
}
