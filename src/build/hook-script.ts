// The embedded PEP 517 hook runner: a Python program that loads a build backend and calls its hooks on request.
//
// Run as `python -s -u -c HOOK_SCRIPT SPEC_JSON` with cwd = the unpacked source tree. SPEC_JSON is
// {"backend": "module:object", "backend_path": [absolute dirs], "umask": optional number for the
// process and its children}. Commands arrive as JSON lines on
// stdin (which the script then points at /dev/null for the backend and its children); answers go
// as JSON lines to file descriptor 3, so whatever the backend prints (stdout, stderr: the build
// log) never mixes with them. Commands: {"hook": NAME, "kwargs": {...}} calls a hook;
// {"hook": "_versions", "names": [...]} reports installed distributions; {"hook": "_exit"} ends.
// Answers: {"ok": true, "value": ...} or {"ok": false, "kind": "missing-hook" | "backend-unavailable" |
// "backend-invalid" | "hook-failed", "message": traceback text}; the caller writes the traceback
// to the log. Needs Python 3.8+.

export const HOOK_SCRIPT = String.raw`
import importlib, json, os, re, sys, traceback

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

class Failure(Exception):
    def __init__(self, kind, message):
        Exception.__init__(self, message)
        self.kind = kind
        self.message = message

def contained(path, parent):
    parent = os.path.join(os.path.abspath(parent), "")
    return os.path.abspath(path).startswith(parent)

def load_backend(name, backend_path):
    module_name, _, attrs = name.partition(":")
    try:
        obj = importlib.import_module(module_name)
    except ImportError:
        raise Failure("backend-unavailable", traceback.format_exc())
    if backend_path:
        where = getattr(obj, "__file__", None) or ""
        if not any(contained(where, p) for p in backend_path):
            raise Failure("backend-invalid", "backend %s was loaded from %s, outside backend-path %s" % (name, where, backend_path))
    for attr in filter(None, attrs.split(".")):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise Failure("backend-invalid", "backend %s has no attribute %s" % (name, attr))
    return obj

def versions(names):
    from importlib import metadata
    wanted = set(names)
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name:
            continue
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in wanted and key not in found:
            found[key] = dist.version
    return found

def main():
    spec = json.loads(sys.argv[1])
    if spec.get("umask") is not None:
        os.umask(spec["umask"])
    commands = os.fdopen(os.dup(0), "r", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.set_inheritable(3, False)
    answers = os.fdopen(3, "w", encoding="utf-8")
    sys.path[:0] = spec["backend_path"]
    backend = []

    def answer(value):
        answers.write(json.dumps(value) + "\n")
        answers.flush()

    for line in commands:
        command = json.loads(line)
        hook = command["hook"]
        if hook == "_exit":
            break
        try:
            if hook == "_versions":
                answer({"ok": True, "value": versions(command["names"])})
                continue
            if not backend:
                backend.append(load_backend(spec["backend"], spec["backend_path"]))
            fn = getattr(backend[0], hook, None)
            if fn is None:
                answer({"ok": False, "kind": "missing-hook", "message": hook})
                continue
            value = fn(**command.get("kwargs", {}))
            sys.stdout.flush()
            sys.stderr.flush()
            answer({"ok": True, "value": value})
        except Failure as e:
            answer({"ok": False, "kind": e.kind, "message": e.message})
        except (Exception, SystemExit) as e:
            sys.stdout.flush()
            sys.stderr.flush()
            answer({"ok": False, "kind": "hook-failed", "message": traceback.format_exc()})

main()
`;
