// fast-check generators of interpreter descriptions, wheel and sdist file names, project names.
import fc from "fast-check";
import type { TagEnvironment } from "../../../src/standards/tags.js";
import { nearMissVersion, wellFormedVersion } from "./versions.js";

const elf = fc.constantFrom<TagEnvironment["elf"]>(
  null,
  { class: 64, data: 1, machine: 62, flags: 0 },
  { class: 32, data: 1, machine: 3, flags: 0 },
  { class: 32, data: 1, machine: 40, flags: 0x05000400 },
  { class: 32, data: 1, machine: 40, flags: 0x05000000 },
  { class: 64, data: 1, machine: 183, flags: 0 },
  { class: 64, data: 2, machine: 22, flags: 0 },
);

const linux = fc.record({
  sysconfigPlatform: fc.constantFrom(
    "linux-x86_64", "linux-aarch64", "linux-armv7l", "linux-i686", "linux-ppc64le", "linux-s390x", "linux-riscv64",
    "linux-armv8l", "linux-loongarch64", "linux-mips",
  ),
  glibc: fc.option(fc.tuple(fc.constantFrom(2, 2, 2, 3), fc.integer({ min: 0, max: 40 })) as fc.Arbitrary<[number, number]>),
  musl: fc.option(fc.tuple(fc.constant(1), fc.integer({ min: 0, max: 3 })) as fc.Arbitrary<[number, number]>, { freq: 3 }),
  macVersion: fc.constant(null),
});

const mac = fc.record({
  sysconfigPlatform: fc.constantFrom("macosx-11.0-arm64", "macosx-10.9-x86_64", "macosx-10.9-universal2", "macosx-10.6-intel"),
  glibc: fc.constant(null),
  musl: fc.constant(null),
  macVersion: fc.constantFrom("10.15.7", "11.0", "14.2.1", "13.6", "10.9", "10.4.11", "10.3", "12.7.1"),
  macArch: fc.constantFrom("arm64", "x86_64", "i386", "ppc", "ppc64"),
});

const other = fc.record({
  sysconfigPlatform: fc.constantFrom("win-amd64", "win32", "win-arm64", "freebsd-13.2-RELEASE-amd64", "cygwin-3.4.9-x86_64"),
  glibc: fc.constant(null),
  musl: fc.constant(null),
  macVersion: fc.constant(null),
});

const implementation = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ implementation: "cpython", ext: "cpython" }) },
  { weight: 1, arbitrary: fc.constant({ implementation: "pypy", ext: "pypy" }) },
  { weight: 1, arbitrary: fc.constant({ implementation: "graalpy", ext: "graalpy" }) },
  { weight: 1, arbitrary: fc.constant({ implementation: "pyston", ext: "pyston" }) },
);

const extSuffix = (kind: string, nodot: string) => {
  if (kind === "cpython") return fc.constantFrom(`.cpython-${nodot}-x86_64-linux-gnu.so`, `.cp${nodot}-win_amd64.pyd`, ".pyd", `.cpython-${nodot}t-darwin.so`);
  if (kind === "pypy") return fc.constantFrom(`.pypy${nodot}-pp73-x86_64-linux-gnu.so`, ".pypy-pp73.so");
  if (kind === "graalpy") return fc.constant(`.graalpy-${nodot}-native-x86_64-darwin.dylib`);
  return fc.constantFrom(`.pyston-23-x86_64-linux-gnu.so`, "..so", ".so");
};

/** A described interpreter: any implementation, version, build flags, platform, libc. */
export const tagEnvironment: fc.Arbitrary<TagEnvironment> = fc
  .tuple(implementation, fc.tuple(fc.constantFrom(2, 3, 3, 3, 3), fc.integer({ min: 0, max: 14 }), fc.nat(20)), fc.oneof(linux, linux, mac, other))
  .chain(([impl, [major, minor, micro], plat]) => {
    const nodot = `${major}${minor}`;
    return fc.record({
      implementation: fc.constant(impl.implementation),
      versionInfo: fc.constant<[number, number, number]>([major, minor, micro]),
      configVars: fc.record({
        py_version_nodot: fc.constantFrom<string | null>(nodot, nodot, null, "313t"),
        Py_DEBUG: fc.constantFrom<number | null>(0, 0, 1, null),
        Py_GIL_DISABLED: fc.constantFrom<number | null>(0, 0, 1, null),
        WITH_PYMALLOC: fc.constantFrom<number | null>(0, 1, null),
        Py_UNICODE_SIZE: fc.constantFrom<number | null>(2, 4, null),
        EXT_SUFFIX: extSuffix(impl.ext, nodot),
      }),
      hasGettotalrefcount: fc.boolean(),
      extensionSuffixes: fc.constantFrom([".so"], [".so", "_d.pyd"], [".pyd"]),
      sysconfigPlatform: fc.constant(plat.sysconfigPlatform),
      maxsize64: fc.boolean(),
      glibc: fc.constant(plat.glibc),
      musl: fc.constant(plat.musl),
      elf,
      macVersion: fc.constant(plat.macVersion),
      ...("macArch" in plat ? { macArch: fc.constant(plat.macArch) } : {}),
    }) as fc.Arbitrary<TagEnvironment>;
  });

/** Project names in every spelling a file name may carry, and some that are not allowed. */
export const projectName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("requests", "Foo_Bar", "zope.interface", "a", "x_y", "Django", "pkg1", "foo__bar", "ñandú", "foo-bar") },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom("", "foo bar", "foo+", "é", "x\n", "١٢") },
);

const tagPart = (values: string[]) =>
  fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }).map((xs) => xs.join("."));

const tagSet = fc
  .tuple(
    tagPart(["py2", "py3", "cp311", "CP312", "pp310", "py27", ""]),
    tagPart(["none", "abi3", "cp311", "cp313t", "NONE"]),
    tagPart(["any", "manylinux_2_17_x86_64", "manylinux2014_x86_64", "win_amd64", "macosx_11_0_arm64", "Linux_X86_64"]),
  )
  .map((parts) => parts.join("-"));

/** Versions as file names carry them: "-" escaped to "_" (mostly; unescaped ones are near misses). */
const fileVersion = fc.oneof(
  { weight: 8, arbitrary: wellFormedVersion.map((v) => v.replace(/-/g, "_")) },
  { weight: 1, arbitrary: wellFormedVersion },
  { weight: 1, arbitrary: nearMissVersion },
);
const fileProjectName = fc.oneof({ weight: 6, arbitrary: projectName.map((n) => n.replace(/-/g, "_")) }, { weight: 1, arbitrary: projectName });

const buildTag = fc.constantFrom("1", "2", "10", "1abc", "abc", "", "007", "1_x");

/** Wheel file names: valid, with build tags and compressed tag sets, and near misses. */
export const wheelFilename = fc
  .tuple(
    fileProjectName,
    fileVersion,
    fc.option(buildTag, { freq: 3 }),
    tagSet,
    fc.constantFrom(".whl", ".whl", ".whl", ".whl", ".whl", ".WHL", ".zip"),
  )
  .map(([name, version, build, tags, ext]) => `${name}-${version}${build === null ? "" : `-${build}`}-${tags}${ext}`);

/** Sdist file names: name-version with .tar.gz or .zip, and near misses. */
export const sdistFilename = fc
  .tuple(
    fc.oneof(projectName, fc.constantFrom("foo-bar", "a-b-c", "Foo.Bar")),
    fileVersion,
    fc.constantFrom(".tar.gz", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ""),
    fc.constantFrom("-", "-", "_", ""),
  )
  .map(([name, version, ext, sep]) => `${name}${sep}${version}${ext}`);
