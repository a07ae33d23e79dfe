# Usage: python3 inspect-sdists.py ORIG_TARBALL... > inspected.json
# For each orig tarball: top dir, PKG-INFO name/version/requires-python/requires-dist, build-system requires.
import re, sys, tarfile, json, os, email.parser, tomllib
out = []
for path in sys.argv[1:]:
    with tarfile.open(path) as t:
        names = t.getnames()
        tops = {n.split('/')[0] for n in names}
        top = sorted(tops)[0]
        def read(rel):
            try:
                f = t.extractfile(f"{top}/{rel}")
                return f.read().decode() if f else None
            except KeyError:
                return None
        pkg = read("PKG-INFO")
        pp = read("pyproject.toml")
        md = email.parser.Parser().parsestr(pkg) if pkg else None
        bs = tomllib.loads(pp).get("build-system") if pp else None
        deps = md.get_all("Requires-Dist") if md else None
        if not deps:
            rt = [n for n in names if re.match(rf"{re.escape(top)}/(src/)?[^/]+\.egg-info/requires\.txt$", n)]
            deps = []
            if rt:
                sect = ""
                for line in t.extractfile(rt[0]).read().decode().splitlines():
                    line = line.strip()
                    if not line: continue
                    if line.startswith("["):
                        sect = line[1:-1]; continue
                    if sect == "": deps.append(line)
                    elif sect.startswith(":"): deps.append(f"{line}; {sect[1:]}")
        out.append(dict(file=os.path.basename(path), tops=sorted(tops), top=top,
            name=md and md["Name"], version=md and md["Version"], rp=md and md["Requires-Python"],
            deps=deps,
            build=bs, setup_py=read("setup.py") is not None, setup_cfg=read("setup.cfg") is not None))
json.dump(out, sys.stdout, indent=1)
