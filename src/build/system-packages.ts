// Asks the system's package manager (Debian: dpkg, apt-file) which package owns or would provide a file.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { aptFilePattern, packageFromTable, type MissingItem } from "./diagnose.js";

/** Runs a command; undefined when it is not installed (or cannot run at all). */
export type CommandRunner = (command: string, args: string[]) => Promise<{ code: number; stdout: string } | undefined>;

/** The default runner: execFile with a timeout, never throwing. */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: "C" } }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") return resolve(undefined);
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });

export interface SystemPackages {
  /** True on Debian and derivatives (apt-get is the install command). */
  debian: boolean;
  /** The package that would provide a missing item: the built-in table, else `apt-file search`. */
  provider(item: MissingItem): Promise<string | undefined>;
  /** The installed package that owns `file` (`dpkg -S`), or undefined. */
  owner(file: string): Promise<string | undefined>;
}

/** "libxml2:amd64, libxml2-dev: /usr/lib/..." → "libxml2" (first package, without architecture). */
export function parseDpkgSearch(stdout: string): string | undefined {
  for (const line of stdout.split("\n")) {
    if (line.startsWith("diversion by") || !line.includes(": ")) continue;
    const owners = line.slice(0, line.indexOf(": ")).split(",").map((s) => s.trim().replace(/:[\w-]+$/, ""));
    if (owners[0]) return owners[0];
  }
  return undefined;
}

/** "libpq-dev: /usr/include/postgresql/libpq-fe.h" lines → the best package (a -dev one first). */
export function parseAptFile(stdout: string): string | undefined {
  const packages = [...new Set(stdout.split("\n").map((l) => l.split(": ")[0]?.trim() ?? "").filter(Boolean))];
  return packages.find((p) => p.endsWith("-dev")) ?? packages[0];
}

/** Variants of a path dpkg may know it by (merged /usr: /lib ↔ /usr/lib). */
async function pathVariants(file: string): Promise<string[]> {
  const out = [file];
  const real = await realpath(file).catch(() => undefined);
  if (real && real !== file) out.push(real);
  for (const p of [...out]) {
    if (p.startsWith("/usr/lib/")) out.push(p.slice(4));
    else if (p.startsWith("/lib/") || p.startsWith("/lib64/")) out.push(`/usr${p}`);
  }
  return [...new Set(out)];
}

/** Creates the lookup; `run` and `debian` are for tests. Results are memoized. */
export function createSystemPackages(options: { run?: CommandRunner; debian?: boolean } = {}): SystemPackages {
  const run = options.run ?? runCommand;
  const debian = options.debian ?? existsSync("/etc/debian_version");
  const owners = new Map<string, Promise<string | undefined>>();
  const providers = new Map<string, Promise<string | undefined>>();

  async function lookOwner(file: string): Promise<string | undefined> {
    if (!debian) return undefined;
    for (const candidate of await pathVariants(file)) {
      const result = await run("dpkg", ["-S", candidate]);
      if (!result) return undefined;
      const pkg = result.code === 0 ? parseDpkgSearch(result.stdout) : undefined;
      if (pkg) return pkg;
    }
    return undefined;
  }

  async function lookProvider(item: MissingItem): Promise<string | undefined> {
    const known = packageFromTable(item);
    if (known || !debian) return known;
    const pattern = aptFilePattern(item);
    if (!pattern) return undefined;
    const result = await run("apt-file", ["search", "--regexp", pattern]);
    return result && result.code === 0 ? parseAptFile(result.stdout) : undefined;
  }

  return {
    debian,
    owner(file) {
      let p = owners.get(file);
      if (!p) owners.set(file, (p = lookOwner(file)));
      return p;
    },
    provider(item) {
      const key = `${item.kind}:${item.name}`;
      let p = providers.get(key);
      if (!p) providers.set(key, (p = lookProvider(item)));
      return p;
    },
  };
}
