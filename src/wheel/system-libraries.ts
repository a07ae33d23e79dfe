// Is a shared library installed? Resolve a soname the way the dynamic loader would on this machine.
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import path from "node:path";
import { readElfFile } from "./elf.js";

/** One line of `ldconfig -p`: soname, its flags ("libc6,x86-64") and path. */
export interface LdCacheEntry {
  soname: string;
  flags: string;
  path: string;
}

/** Parses `ldconfig -p` output (pure). */
export function parseLdconfig(output: string): LdCacheEntry[] {
  const out: LdCacheEntry[] = [];
  for (const line of output.split("\n")) {
    const m = /^\s+(\S+)\s+\(([^)]*)\)(?:\s+OS ABI:[^=]*)?\s+=>\s+(.+)$/.exec(line);
    if (m) out.push({ soname: m[1] as string, flags: m[2] as string, path: (m[3] as string).trim() });
  }
  return out;
}

/** The ldconfig cache flag that marks libraries of an ELF machine (undefined: plain "libc6"). */
function machineFlag(machine: number | undefined, elfClass: 32 | 64 | undefined): string | undefined {
  if (machine === 62) return elfClass === 32 ? "x32" : "x86-64";
  if (machine === 183) return "AArch64";
  if (machine === 21) return "64bit";
  if (machine === 22) return "64bit";
  return undefined;
}

/** Standard directories the loader searches after the cache (Debian multiarch included). */
export function defaultLibraryDirs(multiarch?: string): string[] {
  const dirs = ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"];
  if (multiarch) dirs.unshift(`/lib/${multiarch}`, `/usr/lib/${multiarch}`);
  return dirs;
}

export interface LibraryResolverOptions {
  /** `ldconfig -p` output; read from /sbin/ldconfig (or PATH) when not given. */
  ldconfigOutput?: string;
  /** ELF machine and class of the interpreter: only libraries it can load count. */
  machine?: number;
  elfClass?: 32 | 64;
  /** Directories searched after the cache (default: LD_LIBRARY_PATH, then the standard dirs). */
  dirs?: string[];
  /**
   * Search the directories first and run ldconfig only for a soname not found there: the same
   * answer to "can it be loaded", without a process, when the caller does not need the path the
   * loader would take (which may then differ).
   */
  cacheLast?: boolean;
}

function runLdconfig(): Promise<string> {
  const tryOne = (bin: string) =>
    new Promise<string>((resolve, reject) =>
      execFile(bin, ["-p"], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
  return tryOne("/sbin/ldconfig").catch(() => tryOne("/usr/sbin/ldconfig")).catch(() => tryOne("ldconfig")).catch(() => "");
}

/**
 * Returns `find(soname)`: the path the loader would use for `soname`, or undefined. The ld.so
 * cache entries of the right machine come first, then LD_LIBRARY_PATH and the standard
 * directories, where a file counts only if it is ELF of the interpreter's class and machine.
 */
export async function createLibraryResolver(options: LibraryResolverOptions = {}): Promise<(soname: string) => Promise<string | undefined>> {
  let cache: ReturnType<typeof parseLdconfig> | undefined;
  const loadCache = async () => (cache ??= parseLdconfig(options.ldconfigOutput ?? (await runLdconfig())));
  if (!options.cacheLast) await loadCache();
  const flag = machineFlag(options.machine, options.elfClass);
  const dirs = options.dirs ?? [...(process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean), ...defaultLibraryDirs(options.machine === 62 ? "x86_64-linux-gnu" : options.machine === 183 ? "aarch64-linux-gnu" : undefined)];
  const fromCache = async (soname: string) =>
    (await loadCache()).find((e) => e.soname === soname && (flag === undefined || e.flags.split(",").includes(flag)))?.path;
  const fromDirs = async (soname: string) => {
    if (soname.includes("/")) return undefined;
    for (const dir of dirs) {
      const candidate = path.join(dir, soname);
      try {
        await access(candidate);
      } catch {
        continue;
      }
      const elf = await readElfFile(candidate).catch(() => undefined);
      if (!elf) continue;
      if (options.machine !== undefined && elf.machine !== options.machine) continue;
      if (options.elfClass !== undefined && elf.class !== options.elfClass) continue;
      return candidate;
    }
    return undefined;
  };
  return options.cacheLast
    ? async (soname) => (await fromDirs(soname)) ?? (await fromCache(soname))
    : async (soname) => (await fromCache(soname)) ?? (await fromDirs(soname));
}
