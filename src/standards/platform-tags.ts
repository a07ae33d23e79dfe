// Platform tags an interpreter accepts: manylinux/musllinux/linux, macOS, and the generic rule.
import type { TagEnvironment } from "./interpreter-tags.js";

/** sysconfig platform → tag form ("linux-x86_64" → "linux_x86_64"). */
export function normalizePlatformString(text: string): string {
  return text.replace(/[.\- ]/g, "_");
}

const MANYLINUX_ARCHS = new Set(["x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64", "riscv64"]);
const LEGACY_MANYLINUX: Record<string, string> = { "2.17": "manylinux2014", "2.12": "manylinux2010", "2.5": "manylinux1" };
// If glibc ever has a major version 3, the last 2.x minor is unknown; packaging assumes 50.
const LAST_GLIBC_MINOR = 50;

const EM_386 = 3;
const EM_ARM = 40;

function hasCompatibleAbi(env: TagEnvironment, archs: string[]): boolean {
  const elf = env.elf;
  if (archs.includes("armv7l")) {
    return (
      elf !== null && elf.class === 32 && elf.data === 1 && elf.machine === EM_ARM &&
      (elf.flags & 0xff000000) >>> 0 === 0x05000000 && (elf.flags & 0x400) === 0x400
    );
  }
  if (archs.includes("i686")) return elf !== null && elf.class === 32 && elf.data === 1 && elf.machine === EM_386;
  return archs.some((arch) => MANYLINUX_ARCHS.has(arch));
}

/** PEP 600 manylinux tags from the interpreter's glibc down to the oldest, with legacy aliases. */
export function manylinuxTags(env: TagEnvironment, archs: string[]): string[] {
  if (!hasCompatibleAbi(env, archs)) return [];
  const tooOld: [number, number] = archs.some((a) => a === "x86_64" || a === "i686") ? [2, 4] : [2, 16];
  const current: [number, number] = env.glibc ?? [-1, -1];
  const maxima: [number, number][] = [current];
  for (let major = current[0] - 1; major > 1; major--) maxima.push([major, LAST_GLIBC_MINOR]);
  const tags: string[] = [];
  for (const arch of archs) {
    for (const [major, maxMinor] of maxima) {
      const minMinor = major === tooOld[0] ? tooOld[1] : -1;
      for (let minor = maxMinor; minor > minMinor; minor--) {
        tags.push(`manylinux_${major}_${minor}_${arch}`);
        const legacy = LEGACY_MANYLINUX[`${major}.${minor}`];
        if (legacy) tags.push(`${legacy}_${arch}`);
      }
    }
  }
  return tags;
}

/** PEP 656 musllinux tags from the interpreter's musl minor version down to 0. */
export function musllinuxTags(env: TagEnvironment, archs: string[]): string[] {
  if (!env.musl) return [];
  const [major, current] = env.musl;
  const tags: string[] = [];
  for (const arch of archs) {
    for (let minor = current; minor >= 0; minor--) tags.push(`musllinux_${major}_${minor}_${arch}`);
  }
  return tags;
}

function linuxPlatforms(env: TagEnvironment): string[] {
  let linux = normalizePlatformString(env.sysconfigPlatform);
  if (!linux.startsWith("linux_")) return [linux];
  if (!env.maxsize64) {
    if (linux === "linux_x86_64") linux = "linux_i686";
    else if (linux === "linux_aarch64") linux = "linux_armv8l";
  }
  const arch = linux.slice("linux_".length);
  const archs = arch === "armv8l" ? ["armv8l", "armv7l"] : [arch];
  return [...manylinuxTags(env, archs), ...musllinuxTags(env, archs), ...archs.map((a) => `linux_${a}`)];
}

function macBinaryFormats(version: [number, number], arch: string): string[] {
  const before = (v: [number, number], w: [number, number]) => v[0] < w[0] || (v[0] === w[0] && v[1] < w[1]);
  const formats = [arch];
  if (arch === "x86_64") {
    if (before(version, [10, 4])) return [];
    formats.push("intel", "fat64", "fat32");
  } else if (arch === "i386") {
    if (before(version, [10, 4])) return [];
    formats.push("intel", "fat32", "fat");
  } else if (arch === "ppc64") {
    if (before([10, 5], version) || before(version, [10, 4])) return [];
    formats.push("fat64");
  } else if (arch === "ppc") {
    if (before([10, 6], version)) return [];
    formats.push("fat32", "fat");
  }
  if (arch === "arm64" || arch === "x86_64") formats.push("universal2");
  if (["x86_64", "i386", "ppc64", "ppc", "intel"].includes(arch)) formats.push("universal");
  return formats;
}

function macPlatforms(env: TagEnvironment): string[] {
  const [major = 0, minor = 0] = (env.macVersion ?? "0.0").split(".").map((p) => Number.parseInt(p, 10) || 0);
  let arch = env.macArch ?? env.sysconfigPlatform.split("-").pop() ?? "";
  if (!env.maxsize64) arch = arch.startsWith("ppc") ? "ppc" : "i386";
  const tags: string[] = [];
  const add = (ma: number, mi: number, formats: string[]) => formats.forEach((f) => tags.push(`macosx_${ma}_${mi}_${f}`));
  if (major === 10) {
    for (let m = minor; m >= 0; m--) add(10, m, macBinaryFormats([10, m], arch));
  } else if (major >= 11) {
    for (let ma = major; ma > 10; ma--) add(ma, 0, macBinaryFormats([ma, 0], arch));
    for (let m = 16; m > 3; m--) add(10, m, arch === "x86_64" ? macBinaryFormats([10, m], arch) : ["universal2"]);
  }
  return tags;
}

/**
 * The platform tags of packaging's `platform_tags()`, best first. The system is told apart by
 * `sysconfigPlatform` ("linux-…", "macosx-…"); anything else (Windows, BSDs) gets the generic
 * single tag. iOS, Android and Emscripten need facts TagEnvironment lacks and get the generic tag.
 */
export function platformTags(env: TagEnvironment): string[] {
  const platform = env.sysconfigPlatform;
  if (platform.startsWith("linux")) return linuxPlatforms(env);
  if (platform.startsWith("macosx")) return macPlatforms(env);
  return [normalizePlatformString(platform)];
}
