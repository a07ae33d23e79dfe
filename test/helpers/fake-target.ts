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
