// The tags a bundle target accepts, from what its manifest entry records (pure): verify's view of install's tag check.
import { interpreterTags, type TagEnvironment } from "../standards/interpreter-tags.js";
import type { ManifestTarget } from "./manifest.js";

/** A musl target's manifest does not record musl's version: any musllinux_1_x then fits. */
const ANY_MUSL_MINOR = 99;

/** "linux_x86_64" → "linux-x86_64", "macosx_11_0_arm64" → "macosx-11.0-arm64" (sysconfig's form). */
function sysconfigPlatform(platform: string): { name: string; mac?: { version: string; arch: string } } {
  const mac = /^macosx_(\d+)_(\d+)_(.+)$/.exec(platform);
  if (mac) return { name: `macosx-${mac[1]}.${mac[2]}-${mac[3]}`, mac: { version: `${mac[1]}.${mac[2]}`, arch: mac[3] as string } };
  const under = platform.indexOf("_");
  return { name: under < 0 ? platform : `${platform.slice(0, under)}-${platform.slice(under + 1)}` };
}

/**
 * The facts interpreterTags needs, rebuilt from a manifest target: version, ABI flags from the
 * ABI tag (d, m, u, t), the platform, glibc. Equal to the interpreter's own facts where they
 * decide tags, for CPython and PyPy on 64-bit Linux, macOS and Windows (a test holds this for
 * every interpreter on the machine); for musl the version is unknown and taken as the newest.
 */
export function targetEnvironment(target: ManifestTarget): TagEnvironment {
  const [major = 3, minor = 0, micro = 0] = target.pythonVersion.split(".").map((p) => Number.parseInt(p, 10) || 0);
  const abiFlags = /^cp\d+([a-z]*)$/.exec(target.abiTag)?.[1] ?? "";
  const platform = sysconfigPlatform(target.platform);
  const linux = target.platform.startsWith("linux_");
  const glibc = target.glibc ? (target.glibc.split(".").map(Number) as [number, number]) : null;
  return {
    implementation: target.implementation,
    versionInfo: [major, minor, micro],
    configVars: {
      py_version_nodot: `${major}${minor}`,
      Py_DEBUG: abiFlags.includes("d") ? 1 : 0,
      Py_GIL_DISABLED: abiFlags.includes("t") ? 1 : 0,
      WITH_PYMALLOC: abiFlags.includes("m") ? 1 : 0,
      Py_UNICODE_SIZE: abiFlags.includes("u") ? 4 : 2,
      // Non-CPython ABIs come from EXT_SUFFIX: ".pypy310-pp73.so" gives "pypy310_pp73" back.
      EXT_SUFFIX: `.${target.abiTag.replace(/_/g, "-")}.so`,
    },
    hasGettotalrefcount: false,
    extensionSuffixes: [],
    sysconfigPlatform: platform.name,
    maxsize64: !/(^|_)(i[3-6]86|armv\d+l?|win32)$/.test(target.platform) && target.platform !== "win32",
    glibc,
    musl: linux && glibc === null ? [1, ANY_MUSL_MINOR] : null,
    elf: null,
    macVersion: platform.mac?.version ?? null,
    ...(platform.mac ? { macArch: platform.mac.arch } : {}),
  };
}

/** The tags a target accepts, best first, as `install` computes them on that interpreter. */
export function targetTags(target: ManifestTarget): string[] {
  return interpreterTags(targetEnvironment(target));
}
