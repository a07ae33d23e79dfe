// The one embedded Python helper: prints a JSON description of the interpreter that runs it.
//
// It runs with `python -E -s -S -c INSPECT_SCRIPT` (not -I, which Python 2 rejects). The first stage is valid Python 2 and 3 so that
// an old interpreter answers `{"unsupported": "2.7.18"}` instead of a syntax error; the body needs
// Python 3.8+. Every field is read, never derived: the logic lives in TypeScript.

const BODY = String.raw`
import json, os, platform, struct, sys, sysconfig
import importlib.machinery

def elf_header(path):
    try:
        with open(path, "rb") as f:
            ident = f.read(16)
            if len(ident) < 16 or ident[:4] != b"\x7fELF":
                return None
            cls, data = ident[4], ident[5]
            fmt = ("<" if data == 1 else ">") + ("HHIQQQIHHHHHH" if cls == 2 else "HHIIIIIHHHHHH")
            rest = f.read(struct.calcsize(fmt))
            fields = struct.unpack(fmt, rest)
            return {"class": 64 if cls == 2 else 32, "data": data, "machine": fields[1], "flags": fields[6]}
    except (OSError, struct.error):
        return None

def elf_interpreter(path):
    # PT_INTERP of an ELF executable: the dynamic loader, which names musl when it is musl.
    try:
        with open(path, "rb") as f:
            ident = f.read(16)
            if ident[:4] != b"\x7fELF":
                return None
            is64 = ident[4] == 2
            end = "<" if ident[5] == 1 else ">"
            if is64:
                f.seek(32); phoff, = struct.unpack(end + "Q", f.read(8))
                f.seek(54); phentsize, phnum = struct.unpack(end + "HH", f.read(4))
            else:
                f.seek(28); phoff, = struct.unpack(end + "I", f.read(4))
                f.seek(42); phentsize, phnum = struct.unpack(end + "HH", f.read(4))
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                if is64:
                    p_type, _flags, p_offset, _va, _pa, p_filesz = struct.unpack(end + "IIQQQQ", f.read(40))
                else:
                    p_type, p_offset, _va, _pa, p_filesz = struct.unpack(end + "IIIII", f.read(20))
                if p_type == 3:
                    f.seek(p_offset)
                    return f.read(p_filesz).rstrip(b"\0").decode("ascii", "replace")
    except (OSError, struct.error):
        return None
    return None

def musl_version(executable):
    ld = elf_interpreter(executable)
    if not ld or "musl" not in ld:
        return None
    import subprocess, re
    try:
        proc = subprocess.run([ld], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, universal_newlines=True)
    except OSError:
        return None
    m = re.search(r"Version (\d+)\.(\d+)", proc.stderr)
    return [int(m.group(1)), int(m.group(2))] if m else None

def glibc_version():
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION")
    except (AttributeError, OSError, ValueError):
        return None
    if not text:
        return None
    parts = text.split()
    if len(parts) != 2 or parts[0] != "glibc":
        return None
    nums = parts[1].split(".")
    try:
        return [int(nums[0]), int(nums[1])]
    except (IndexError, ValueError):
        return None

def version_string(info):
    v = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        v += info.releaselevel[0] + str(info.serial)
    return v

SENTINEL = "/@@PYVENDOR_BASE@@"
scheme = "venv" if "venv" in sysconfig.get_scheme_names() else ("nt" if os.name == "nt" else "posix_prefix")
paths = sysconfig.get_paths(scheme=scheme, vars={
    "base": SENTINEL, "platbase": SENTINEL, "installed_base": SENTINEL, "installed_platbase": SENTINEL,
})
def relative(p):
    if p.startswith(SENTINEL):
        return p[len(SENTINEL):].lstrip("/\\") or "."
    return None
cv = sysconfig.get_config_vars()
def var(name):
    v = cv.get(name)
    return v if isinstance(v, (str, int, float)) or v is None else str(v)

short = "%d.%d" % sys.version_info[:2]
base_executable = getattr(sys, "_base_executable", None) or sys.executable
out = {
    "executable": sys.executable,
    "realExecutable": os.path.realpath(sys.executable),
    "baseExecutable": base_executable,
    "version": version_string(sys.version_info),
    "versionInfo": list(sys.version_info[:3]),
    "implementation": sys.implementation.name,
    "implementationVersion": version_string(sys.implementation.version),
    "cacheTag": sys.implementation.cache_tag,
    "prefix": sys.prefix,
    "basePrefix": sys.base_prefix,
    "isVenv": sys.prefix != sys.base_prefix,
    "platlibdir": getattr(sys, "platlibdir", "lib"),
    "maxsize64": sys.maxsize > 2 ** 32,
    "byteorder": sys.byteorder,
    "markers": {
        "implementation_name": sys.implementation.name,
        "implementation_version": version_string(sys.implementation.version),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    },
    "sysconfigPlatform": sysconfig.get_platform(),
    "configVars": {k: var(k) for k in (
        "py_version_nodot", "Py_DEBUG", "Py_GIL_DISABLED", "WITH_PYMALLOC", "Py_UNICODE_SIZE",
        "EXT_SUFFIX", "SOABI", "MULTIARCH", "LDLIBRARY", "INSTSONAME", "LIBDIR", "VERSION",
        "MACOSX_DEPLOYMENT_TARGET", "ANDROID_API_LEVEL", "IPHONEOS_DEPLOYMENT_TARGET",
    )},
    "hasGettotalrefcount": hasattr(sys, "gettotalrefcount"),
    "extensionSuffixes": list(importlib.machinery.EXTENSION_SUFFIXES),
    "glibc": glibc_version(),
    "musl": musl_version(sys.executable),
    "elf": elf_header(sys.executable),
    "scheme": scheme,
    "schemePaths": {k: relative(v) for k, v in paths.items()},
    "headersDir": os.path.join("include", "site", "python" + short),
    "macVersion": platform.mac_ver()[0] or None,
}
sys.stdout.write(json.dumps(out))
`;

/** Pass as `python -E -s -S -c INSPECT_SCRIPT`; prints one JSON object on stdout. */
export const INSPECT_SCRIPT = [
  "import sys",
  // Never import from the current directory (what -I would do on Python 3).
  "sys.path[:] = [p for p in sys.path if p not in ('', '.')]",
  "if sys.version_info < (3, 8):",
  "    sys.stdout.write('{\"unsupported\": \"%d.%d.%d\"}' % tuple(sys.version_info[:3]))",
  "    sys.exit(0)",
  `exec(compile(${JSON.stringify(BODY)}, "<pyvendor-inspect>", "exec"))`,
].join("\n");
