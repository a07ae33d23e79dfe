// The ordered list of tags an interpreter supports: packaging's `sys_tags()` computed from facts.
import { platformTags, normalizePlatformString } from "./platform-tags.js";

/**
 * The facts about an interpreter that decide its tags (all read by src/python's introspection;
 * PythonInfo is structurally a TagEnvironment).
 */
export interface TagEnvironment {
  /** sys.implementation.name: "cpython", "pypy", ... */
  implementation: string;
  versionInfo: [number, number, number];
  /** sysconfig vars: py_version_nodot, Py_DEBUG, Py_GIL_DISABLED, WITH_PYMALLOC, Py_UNICODE_SIZE, EXT_SUFFIX, SOABI, MULTIARCH. */
  configVars: Record<string, string | number | null>;
  /** hasattr(sys, "gettotalrefcount") (a debug build). */
  hasGettotalrefcount: boolean;
  /** importlib.machinery.EXTENSION_SUFFIXES. */
  extensionSuffixes: string[];
  /** sysconfig.get_platform(), e.g. "linux-x86_64", "macosx-11.0-arm64", "win-amd64". */
  sysconfigPlatform: string;
  /** sys.maxsize > 2**32 (a 64-bit interpreter). */
  maxsize64: boolean;
  /** glibc version from os.confstr("CS_GNU_LIBC_VERSION"), null when not glibc. */
  glibc: [number, number] | null;
  /** musl version from the interpreter's dynamic loader, null when not musl. */
  musl: [number, number] | null;
  /** ELF header of sys.executable (32-bit ARM hard-float and i686 checks). */
  elf: { class: 32 | 64; data: number; machine: number; flags: number } | null;
  /** platform.mac_ver()[0] on macOS. */
  macVersion: string | null;
  /** platform.mac_ver()[2] on macOS; when absent the last part of sysconfigPlatform is used. */
  macArch?: string;
}

const SHORT_NAMES: Record<string, string> = { python: "py", cpython: "cp", pypy: "pp", ironpython: "ip", jython: "jy" };

type ConfigValue = string | number | null | undefined;

function truthy(value: ConfigValue): boolean {
  return value !== null && value !== undefined && value !== 0 && value !== "";
}

function nodot(version: number[]): string {
  return version.join("");
}

/** packaging's `_cpython_abis`: "cp311", plus "cp311d"/"cp313t" variants for debug/free-threaded builds. */
function cpythonAbis(env: TagEnvironment, version: [number, number]): string[] {
  const vars = env.configVars;
  const abis: string[] = [];
  const withDebug = vars.Py_DEBUG;
  const debug =
    truthy(withDebug) ||
    ((withDebug === null || withDebug === undefined) &&
      (env.hasGettotalrefcount || env.extensionSuffixes.includes("_d.pyd")))
      ? "d"
      : "";
  const atLeast = (major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);
  const threading = atLeast(3, 13) && truthy(vars.Py_GIL_DISABLED) ? "t" : "";
  let pymalloc = "";
  let ucs4 = "";
  if (!atLeast(3, 8)) {
    const withPymalloc = vars.WITH_PYMALLOC;
    if (truthy(withPymalloc) || withPymalloc === null || withPymalloc === undefined) pymalloc = "m";
    if (!atLeast(3, 3)) {
      const size = vars.Py_UNICODE_SIZE;
      if (size === 4 || size === null || size === undefined) ucs4 = "u";
    }
  } else if (debug) {
    abis.push(`cp${nodot(version)}${threading}`);
  }
  abis.unshift(`cp${nodot(version)}${threading}${debug}${pymalloc}${ucs4}`);
  return abis;
}

function cpythonTags(env: TagEnvironment, platforms: string[]): string[] {
  const version: [number, number] = [env.versionInfo[0], env.versionInfo[1]];
  const interpreter = `cp${nodot(version)}`;
  const abis = cpythonAbis(env, version);
  const tags: string[] = [];
  for (const abi of abis) for (const platform of platforms) tags.push(`${interpreter}-${abi}-${platform}`);
  const threading = /^cp\d+(.*)$/s.exec(abis[0] ?? "")?.[1]?.includes("t") ?? false;
  const stable = version[0] > 3 || (version[0] === 3 && version[1] >= 2) ? (threading ? "abi3t" : "abi3") : undefined;
  if (stable) for (const platform of platforms) tags.push(`${interpreter}-${stable}-${platform}`);
  for (const platform of platforms) tags.push(`${interpreter}-none-${platform}`);
  if (stable) {
    for (let minor = version[1] - 1; minor > 1; minor--) {
      for (const platform of platforms) tags.push(`cp${nodot([version[0], minor])}-${stable}-${platform}`);
    }
  }
  return tags;
}

/** packaging's `_generic_abi`: the ABI part of EXT_SUFFIX (".pypy310-pp73-x86_64-linux-gnu.so" → "pypy310_pp73"). */
function genericAbis(env: TagEnvironment): string[] {
  const suffix = env.configVars.EXT_SUFFIX;
  if (typeof suffix !== "string" || !suffix.startsWith(".")) {
    throw new Error(`invalid EXT_SUFFIX ${JSON.stringify(suffix)}`);
  }
  const parts = suffix.split(".");
  if (parts.length < 3) return cpythonAbis(env, [env.versionInfo[0], env.versionInfo[1]]);
  const soabi = parts[1] ?? "";
  let abi: string;
  if (soabi.startsWith("cpython")) abi = `cp${soabi.split("-")[1] ?? ""}`;
  else if (soabi.startsWith("cp")) abi = soabi.split("-")[0] ?? "";
  else if (soabi.startsWith("pypy")) abi = soabi.split("-").slice(0, 2).join("-");
  else if (soabi.startsWith("graalpy")) abi = soabi.split("-").slice(0, 3).join("-");
  else if (soabi) abi = soabi;
  else return [];
  return [normalizePlatformString(abi)];
}

function interpreterVersion(env: TagEnvironment): string {
  const nodotVar = env.configVars.py_version_nodot;
  return truthy(nodotVar) ? String(nodotVar) : nodot([env.versionInfo[0], env.versionInfo[1]]);
}

function compatibleTags(env: TagEnvironment, interpreter: string | undefined, platforms: string[]): string[] {
  const [major, minor] = env.versionInfo;
  const pythons = [`py${major}${minor}`, `py${major}`];
  for (let m = minor - 1; m >= 0; m--) pythons.push(`py${major}${m}`);
  const tags: string[] = [];
  for (const python of pythons) for (const platform of platforms) tags.push(`${python}-none-${platform}`);
  if (interpreter) tags.push(`${interpreter}-none-any`);
  for (const python of pythons) tags.push(`${python}-none-any`);
  return tags;
}

/**
 * The tags the interpreter supports, best first: equal to `[str(t) for t in
 * packaging.tags.sys_tags()]` run inside that interpreter (CPython: its ABI, abi3 down to 3.2,
 * none; others: the EXT_SUFFIX ABI and none; then py* tags and "any"). Linux platforms include
 * manylinux_X_Y from the interpreter's glibc down, with manylinux1/2010/2014 aliases, musllinux and
 * linux_*. An optional `_manylinux` module that vetoes tags is not consulted.
 */
export function interpreterTags(env: TagEnvironment): string[] {
  const name = SHORT_NAMES[env.implementation] ?? env.implementation;
  const platforms = platformTags(env).map((p) => p.toLowerCase());
  let tags: string[];
  if (name === "cp") tags = cpythonTags(env, platforms);
  else {
    const interpreter = `${name}${interpreterVersion(env)}`;
    const abis = genericAbis(env);
    if (!abis.includes("none")) abis.push("none");
    tags = abis.flatMap((abi) => platforms.map((platform) => `${interpreter}-${abi}-${platform}`));
  }
  const compatibleInterpreter = name === "pp" ? "pp3" : name === "cp" ? `cp${interpreterVersion(env)}` : undefined;
  return [...tags, ...compatibleTags(env, compatibleInterpreter, platforms)].map((t) => t.toLowerCase());
}
