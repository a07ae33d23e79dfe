// What makes two builds of one sdist byte-identical: a fixed environment, and compiler prefix maps for the paths that differ between runs.
import { spawn } from "node:child_process";

/**
 * Fixed for every build process: the time zone, the locale (C: Python 3.7+ then runs in UTF-8
 * mode, so reading files does not depend on the user's locale) and str hashing (set iteration
 * order). SOURCE_DATE_EPOCH comes from the pack (it has a default). The umask is set by the
 * process itself (BUILD_UMASK), since a child inherits it.
 */
export const FIXED_BUILD_ENV: Readonly<Record<string, string>> = { TZ: "UTC", LC_ALL: "C", PYTHONHASHSEED: "0" };

/** The umask builds run under: the modes written into wheels do not depend on the user's. */
export const BUILD_UMASK = 0o022;

/** Variables that name places of this run (the cache, the shell's directories); builds never see them. */
const RUN_SPECIFIC = /^(PYVENDOR_.*|PWD|OLDPWD)$/

/** A directory whose name differs between runs, and the fixed name compilers record instead. */
export interface PrefixMap {
  from: string;
  to: string;
}

/**
 * How the compiler is told: `-ffile-prefix-map` (GCC 8+, Clang 10+: debug info, __FILE__ and
 * more), else its two halves (`-fdebug-prefix-map` and `-fmacro-prefix-map`), else debug info
 * only (older GCC), else nothing (no compiler found: nothing to compile).
 */
export type PrefixMapStyle = "file" | "debug+macro" | "debug" | "none";

/**
 * The flags for `maps` in `style`. A path with whitespace, a quote, a backslash or "=" cannot be
 * passed through CFLAGS (build tools split it on spaces) and is left out: such maps come back in
 * `skipped`, for the build log.
 */
export function prefixMapFlags(maps: PrefixMap[], style: PrefixMapStyle): { flags: string[]; skipped: PrefixMap[] } {
  const unsafe = /[\s"'\\=$`]/;
  const usable = maps.filter((m) => !unsafe.test(m.from) && !unsafe.test(m.to));
  const skipped = maps.filter((m) => !usable.includes(m));
  const options = { file: ["-ffile-prefix-map"], "debug+macro": ["-fdebug-prefix-map", "-fmacro-prefix-map"], debug: ["-fdebug-prefix-map"], none: [] }[style];
  return { flags: usable.flatMap((m) => options.map((o) => `${o}=${m.from}=${m.to}`)), skipped };
}

/**
 * The environment of a build: `base` without run-specific variables, with FIXED_BUILD_ENV set and
 * `flags` appended to CFLAGS and CXXFLAGS (after what the user set, never replacing it).
 */
export function reproducibleEnv(base: NodeJS.ProcessEnv, flags: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!RUN_SPECIFIC.test(key)) env[key] = value;
  Object.assign(env, FIXED_BUILD_ENV);
  if (flags.length > 0) {
    for (const key of ["CFLAGS", "CXXFLAGS"]) env[key] = [base[key]?.trim(), ...flags].filter(Boolean).join(" ");
  }
  return env;
}

/** Exit status of `argv` (stdio ignored), or undefined when it cannot be started. */
function exitStatus(argv: string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    if (!file) return resolve(undefined);
    const child = spawn(file, args, { env, stdio: "ignore" });
    child.on("error", () => resolve(undefined));
    child.on("close", (code) => resolve(code ?? undefined));
  });
}

/**
 * Which prefix-map flags the C compiler takes: `$CC` (its first word), else `cc`, asked to
 * preprocess an empty file with each style in turn (compilers reject an unknown option even then).
 */
export async function probePrefixMapStyle(env: NodeJS.ProcessEnv): Promise<PrefixMapStyle> {
  const cc = (env.CC ?? "").trim().split(/\s+/).filter(Boolean);
  const compiler = cc.length > 0 ? cc : ["cc"];
  const sample = [{ from: "/pyvendor-probe-a", to: "/pyvendor-probe-b" }];
  for (const style of ["file", "debug+macro", "debug"] as const) {
    const { flags } = prefixMapFlags(sample, style);
    const status = await exitStatus([...compiler, ...flags, "-E", "-x", "c", "-o", "/dev/null", "/dev/null"], env);
    if (status === undefined) return "none";
    if (status === 0) return style;
  }
  return "none";
}
