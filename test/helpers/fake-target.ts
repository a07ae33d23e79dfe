// A Target without a live interpreter: CPython 3.11.7 on x86_64 glibc 2.36 Linux, as inspectPython
// would describe it, through the real (pure) describeTarget. For pure tests (plans, rounds, markers).
import type { PythonInfo } from "../../src/python/interpreter.js";
import { describeTarget, type Target } from "../../src/python/target.js";

export function fakePythonInfo(overrides: Partial<PythonInfo> = {}): PythonInfo {
  return {
    executable: "/opt/python3.11/bin/python3.11",
    realExecutable: "/opt/python3.11/bin/python3.11",
    baseExecutable: "/opt/python3.11/bin/python3.11",
    version: "3.11.7",
    versionInfo: [3, 11, 7],
    implementation: "cpython",
    implementationVersion: "3.11.7",
    cacheTag: "cpython-311",
    prefix: "/opt/python3.11",
    basePrefix: "/opt/python3.11",
    isVenv: false,
    platlibdir: "lib",
    maxsize64: true,
    byteorder: "little",
    markers: {
      implementation_name: "cpython", implementation_version: "3.11.7", os_name: "posix", platform_machine: "x86_64",
      platform_python_implementation: "CPython", platform_release: "6.1.0", platform_system: "Linux", platform_version: "#1 SMP Debian 6.1.0", python_full_version: "3.11.7", python_version: "3.11", sys_platform: "linux",
    },
    sysconfigPlatform: "linux-x86_64",
    configVars: { SOABI: "cpython-311-x86_64-linux-gnu", EXT_SUFFIX: ".cpython-311-x86_64-linux-gnu.so", Py_DEBUG: 0, Py_ENABLE_SHARED: 0, WITH_PYMALLOC: 1 },
    hasGettotalrefcount: false,
    extensionSuffixes: [".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"],
    glibc: [2, 36],
    musl: null,
    elf: null,
    scheme: "posix_prefix",
    schemePaths: { purelib: "lib/python3.11/site-packages", platlib: "lib/python3.11/site-packages", scripts: "bin", data: ".", include: "include/python3.11" },
    headersDir: "include/site/python3.11",
    macVersion: null,
    ...overrides,
  };
}

export function fakeTarget(overrides: Partial<PythonInfo> = {}): Target {
  return describeTarget(fakePythonInfo(overrides));
}

/** The same machine's CPython 3.`minor` (its tags, ABI, paths and markers follow the version). */
export function fakeCPython(minor: number, overrides: Partial<PythonInfo> = {}): Target {
  const v = `3.${minor}.2`;
  const base = fakePythonInfo();
  const exe = `/opt/python3.${minor}/bin/python3.${minor}`;
  const soabi = `cpython-3${minor}-x86_64-linux-gnu`;
  return describeTarget({
    ...base,
    executable: exe, realExecutable: exe, baseExecutable: exe,
    version: v, versionInfo: [3, minor, 2], implementationVersion: v, cacheTag: `cpython-3${minor}`,
    prefix: `/opt/python3.${minor}`, basePrefix: `/opt/python3.${minor}`,
    markers: { ...base.markers, implementation_version: v, python_full_version: v, python_version: `3.${minor}` },
    configVars: { ...base.configVars, SOABI: soabi, EXT_SUFFIX: `.${soabi}.so` },
    extensionSuffixes: [`.${soabi}.so`, ".abi3.so", ".so"],
    schemePaths: { ...base.schemePaths, purelib: `lib/python3.${minor}/site-packages`, platlib: `lib/python3.${minor}/site-packages`, include: `include/python3.${minor}` },
    headersDir: `include/site/python3.${minor}`,
    ...overrides,
  });
}
