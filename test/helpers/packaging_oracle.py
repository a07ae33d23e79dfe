"""Reference answers from Python's `packaging` for pyvendor's differential tests.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout, in
order: {"ok": value} or {"err": "ExceptionName", "msg": "..."}. Every exception is an answer,
so "packaging rejects this input" is compared like any other result. Runs on Python 3.8+.
"""
import json
import os
import struct
import sys
import tempfile
import types

import packaging
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, sys_tags
from packaging.utils import (
    canonicalize_name,
    is_normalized_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version


def _pre(value):
    return None if value is None else bool(value)


def op_info(_req):
    return {"packaging": packaging.__version__, "python": sys.version.split()[0]}


def op_location(_req):
    return os.path.dirname(os.path.abspath(packaging.__file__))


def op_version(req):
    v = Version(req["text"])
    return {"str": str(v), "pre": v.is_prerelease}


def op_compare(req):
    a, b = Version(req["a"]), Version(req["b"])
    return -1 if a < b else (1 if a > b else 0)


def op_specset(req):
    return str(SpecifierSet(req["text"]))


def op_contains(req):
    return SpecifierSet(req["spec"]).contains(req["item"], prereleases=_pre(req.get("pre")))


def op_filter(req):
    return list(SpecifierSet(req["spec"]).filter(req["items"], prereleases=_pre(req.get("pre"))))


def _answer(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001 - every failure is an answer
        return {"err": type(e).__name__, "msg": str(e)}


def op_marker(req):
    m = Marker(req["text"])
    results = [_answer(lambda env=env: m.evaluate(env)) for env in req.get("envs", [])]
    return {"str": str(m), "results": results}


def op_requirement(req):
    r = Requirement(req["text"])
    return {
        "name": r.name,
        "extras": sorted(r.extras),
        "specifier": str(r.specifier),
        "url": r.url,
        "marker": None if r.marker is None else str(r.marker),
        "str": str(r),
    }


def op_wheel(req):
    name, version, build, tags = parse_wheel_filename(req["filename"])
    return {
        "name": name,
        "version": str(version),
        "build": list(build) if build else None,
        "tags": sorted(str(t) for t in tags),
    }


def op_sdist(req):
    name, version = parse_sdist_filename(req["filename"])
    return {"name": name, "version": str(version)}


def op_name(req):
    name = req["name"]
    valid = _answer(lambda: canonicalize_name(name, validate=True))
    return {
        "normalized": canonicalize_name(name),
        "valid": "ok" in valid,
        "isNormalized": is_normalized_name(name),
    }


def op_sys_tags(_req):
    return [str(t) for t in sys_tags()]


def _fake_executable(elf):
    """A file whose ELF header says what `elf` says (or not an ELF file at all)."""
    fd, path = tempfile.mkstemp(prefix="pyvendor-elf-")
    with os.fdopen(fd, "wb") as f:
        if elf is None:
            f.write(b"#!/bin/sh\n")
        else:
            is64 = elf["class"] == 64
            end = "<" if elf["data"] == 1 else ">"
            ident = b"\x7fELF" + bytes([2 if is64 else 1, elf["data"], 1]) + bytes(9)
            fmt = end + ("HHIQQQIHHH" if is64 else "HHIIIIIHHH")
            f.write(ident + struct.pack(fmt, 2, elf["machine"], 1, 0, 0, 0, elf["flags"], 0, 0, 0))
    return path


def op_tags_for(req):
    """sys_tags() as packaging computes it for the interpreter that `env` describes."""
    import packaging._manylinux as manylinux
    import packaging._musllinux as musllinux
    import packaging.tags as tags

    env = req["env"]
    config = env["configVars"]
    plat = env["sysconfigPlatform"]
    is32 = not env["maxsize64"]
    exe = _fake_executable(env["elf"])
    fake_sys = types.SimpleNamespace(
        version_info=tuple(env["versionInfo"]) + ("final", 0),
        implementation=types.SimpleNamespace(name=env["implementation"]),
        executable=exe,
        maxunicode=0x10FFFF,
    )
    if env["hasGettotalrefcount"]:
        fake_sys.gettotalrefcount = lambda: 0
    system = {"linux": "Linux", "macosx": "Darwin", "win": "Windows"}.get(
        plat.split("-")[0].rstrip("0123456789"), "FreeBSD"
    )
    mac = (env.get("macVersion") or "", ("", "", ""), env.get("macArch") or plat.split("-")[-1])
    glibc = env["glibc"]
    musl = env["musl"]
    saved = {
        (tags, "sys"): tags.sys,
        (tags, "sysconfig"): tags.sysconfig,
        (tags, "platform"): tags.platform,
        (tags, "EXTENSION_SUFFIXES"): tags.EXTENSION_SUFFIXES,
        (tags, "_linux_platforms"): tags._linux_platforms,
        (tags, "_mac_arch"): tags._mac_arch,
        (manylinux, "sys"): manylinux.sys,
        (manylinux, "_get_glibc_version"): manylinux._get_glibc_version,
        (musllinux, "sys"): musllinux.sys,
        (musllinux, "_get_musl_version"): musllinux._get_musl_version,
    }
    linux_platforms, mac_arch = tags._linux_platforms, tags._mac_arch
    try:
        tags.sys = manylinux.sys = musllinux.sys = fake_sys
        tags.sysconfig = types.SimpleNamespace(get_platform=lambda: plat, get_config_var=config.get)
        tags.platform = types.SimpleNamespace(system=lambda: system, mac_ver=lambda: mac)
        tags.EXTENSION_SUFFIXES = env["extensionSuffixes"]
        tags._linux_platforms = lambda: linux_platforms(is_32bit=is32)
        tags._mac_arch = lambda arch, is_32bit=is32: mac_arch(arch, is_32bit=is32)
        manylinux._get_glibc_version = lambda: manylinux._GLibCVersion(*(glibc or (-1, -1)))
        musllinux._get_musl_version = lambda _exe: musllinux._MuslVersion(*musl) if musl else None
        return [str(t) for t in tags.sys_tags()]
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
        os.unlink(exe)


def op_shlex(req):
    import shlex

    return shlex.split(req["text"])


def op_pip_lines(req):
    """pip's preprocess(): the logical lines of a requirements file, with os.environ = env."""
    from pip._internal.req.req_file import preprocess

    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(req["env"])
        return [[n, line] for n, line in preprocess(req["content"])]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def op_pip_line(req):
    """pip's split of one logical line into the requirement and its parsed options."""
    from pip._internal.req.req_file import break_args_options, get_line_parser

    args, _ = break_args_options(req["line"])
    _, opts = get_line_parser(None)(req["line"])
    fc = opts.format_control
    return {
        "args": args,
        "index_url": opts.index_url,
        "extra_index_urls": opts.extra_index_urls or [],
        "no_index": bool(opts.no_index),
        "constraints": opts.constraints or [],
        "requirements": opts.requirements or [],
        "editables": opts.editables or [],
        "find_links": opts.find_links or [],
        "no_binary": sorted(fc.no_binary),
        "only_binary": sorted(fc.only_binary),
        "prefer_binary": bool(opts.prefer_binary),
        "require_hashes": bool(opts.require_hashes),
        "pre": bool(opts.pre),
        "trusted_hosts": opts.trusted_hosts or [],
        "hashes": opts.hashes or {},
    }


def op_pylock(req):
    """Pylock.from_dict (validation) and, per environment, the names Pylock.select() installs."""
    import tomllib

    from packaging.pylock import Pylock

    lock = Pylock.from_dict(tomllib.loads(req["text"]))
    # Never empty: select() falls back to sys_tags(), slow and beside the point here.
    tags = {Tag("py3", "none", "any")}
    for package in lock.packages:
        for wheel in package.wheels or []:
            tags |= parse_wheel_filename(wheel.filename)[-1]

    def select(env):
        chosen = lock.select(
            environment=env, tags=sorted(tags, key=str), extras=req.get("extras"), dependency_groups=req.get("groups")
        )
        return [package.name for package, _ in chosen]

    return {
        "names": [p.name for p in lock.packages],
        "select": [_answer(lambda env=env: select(env)) for env in req["envs"]],
    }


def op_email(req):
    """Headers and body as the email parser (compat32, what packaging.metadata uses) reads them."""
    import email.parser
    import email.policy

    msg = email.parser.Parser(policy=email.policy.compat32).parsestr(req["text"])
    return {"headers": [[k, str(v)] for k, v in msg.items()], "body": msg.get_payload()}


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


def main():
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        fn = OPS[req["op"]]
        out.write(json.dumps(_answer(lambda: fn(req))) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
