# Usage: EXTRA_WHEELS=flit_core.whl:wheel.whl python3 resolve-wheels.py inspected.json [orig tarball not served ...]
# (inspected.json from inspect-sdists.py; EXTRA_WHEELS: wheels not in the mirror, preferred when they fit.)
# Prints: wheel file, sha256, where found, first requirer. corpus/wheels.tsv was written from its output.
# Which wheels the corpus needs: the build-requirement closure of every served sdist (always as
# wheels: build environments install wheels), plus runtime requirements no listed sdist satisfies.
import json, sys, os, zipfile, email.parser, hashlib, re
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version
from packaging.tags import sys_tags
an = json.load(open(sys.argv[1]))
served = [e for e in an if e["name"] and e["file"] not in sys.argv[2:]]
for e in served:
    # httplib2 reads install_requires from its requirements.txt; its PKG-INFO does not list them
    if e["top"] == "httplib2-0.22.0": e["deps"] = ["pyparsing>=2.4.2,<4,!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3"]
    e["deps"] = [d.split(" #")[0] for d in (e["deps"] or []) if d.strip() and not d.startswith("#")]
ENV = {}  # current interpreter (3.11 linux)
MIRROR = ["/opt/wheels", "/opt/pypi/files", "/opt/pypi-more/files"]
EXTRA = {}  # filename -> path for wheels not in the mirror (flit_core built from flit, Debian wheel)
for p in os.environ.get("EXTRA_WHEELS", "").split(":"):
    if p: EXTRA[os.path.basename(p)] = p
tags = set(sys_tags())
PREFER = {"setuptools-80.9.0-py3-none-any.whl", "cython-3.3.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl"}
wheels = {}
for d in MIRROR:
    for f in os.listdir(d):
        if f.endswith(".whl"):
            n, v, b, t = parse_wheel_filename(f)
            if t & tags: wheels.setdefault(n, []).append((v, "py3-none-any" in f or "py2.py3-none-any" in f, os.path.join(d, f)))
for f, p in EXTRA.items():
    n, v, b, t = parse_wheel_filename(f)
    wheels.setdefault(n, []).insert(0, (v, True, p, "pinned"))
def pick_wheel(req):
    cands = [c for c in wheels.get(canonicalize_name(req.name), []) if req.specifier.contains(c[0], prereleases=False)]
    if not cands: raise SystemExit(f"no wheel for {req}")
    pinned = [c for c in cands if len(c) > 3]
    if pinned: return pinned[0]
    pref = [c for c in cands if os.path.basename(c[2]) in PREFER]
    if pref: return pref[0]
    cands.sort(key=lambda c: (c[1], c[0]))  # pure first, then newest
    return cands[-1]
def wheel_deps(path):
    with zipfile.ZipFile(path) as z:
        meta = [n for n in z.namelist() if re.match(r"[^/]+\.dist-info/METADATA$", n)][0]
        md = email.parser.Parser().parsestr(z.read(meta).decode())
    return md.get_all("Requires-Dist") or [], md["Requires-Python"]
def applies(req):
    return req.marker is None or req.marker.evaluate({"extra": ""})
def sdist_for(req):
    for e in served:
        if canonicalize_name(e["name"]) == canonicalize_name(req.name) and req.specifier.contains(Version(e["version"]), prereleases=True):
            return e
chosen = {}   # path -> (why)
def need_wheel(req, why, build):
    c = pick_wheel(req)
    if c[2] in chosen: return
    chosen[c[2]] = why
    deps, _ = wheel_deps(c[2])
    for d in map(Requirement, deps):
        if applies(d): need(d, f"{os.path.basename(c[2])}", build)
seen_sdists = set()
def need(req, why, build):
    if build: return need_wheel(req, why, True)
    e = sdist_for(req)
    if e:
        if e["file"] not in seen_sdists:
            seen_sdists.add(e["file"])
            for d in map(Requirement, e["deps"] or []):
                if applies(d): need(d, e["top"], False)
        return
    need_wheel(req, why, False)
for e in served:
    b = e["build"]
    reqs = (b or {}).get("requires") if b and "requires" in b else ["setuptools>=40.8.0"]
    for r in map(Requirement, reqs):
        if applies(r): need(r, f"build {e['top']}", True)
    for d in map(Requirement, e["deps"] or []):
        if applies(d): need(d, e["top"], False)
for p, why in sorted(chosen.items(), key=lambda x: os.path.basename(x[0]).lower()):
    h = hashlib.sha256(open(p, "rb").read()).hexdigest()
    print(f"{os.path.basename(p)}\t{h}\t{p}\t{why}")
