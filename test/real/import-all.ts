// Importing every top-level module of a venv, for the real-corpus tests: the probe, its known exceptions, and a runner.
import { execa } from "execa";
import { cleanEnv } from "../helpers/env.js";

/**
 * Top-level modules that do not import in a clean venv, and why (none is a packing defect: the
 * same happens after `pip install` of the same wheels). Keyed by module name.
 */
export const IMPORT_EXCEPTIONS: Record<string, string> = {
  wcwidth: "Debian's wcwidth 0.8.3+dfsg1 repack lacks the generated table_grapheme_overrides/_registry.py (test/real/links-formats.real.ts compares its wheel with pip's instead)",
};

/** Imports every top-level module of every distribution in the venv; prints {module: error} as JSON. */
export const IMPORT_ALL = String.raw`
import importlib, importlib.metadata as md, json, re, sys, warnings
warnings.simplefilter("ignore")
tops = {}
for dist in md.distributions():
    for f in dist.files or []:
        parts = f.parts
        if not parts or parts[0].endswith((".dist-info", ".data")) or parts[0] in ("..", "__pycache__", "bin"):
            continue
        name = parts[0]
        if len(parts) == 1:
            if not name.endswith((".py", ".so", ".pyd")):
                continue
            name = name.split(".")[0]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            tops.setdefault(name, dist.metadata["Name"])
failed = {}
for name in sorted(tops):
    try:
        importlib.import_module(name)
    except BaseException as e:
        failed[name] = "%s (%s): %s" % (tops[name], type(e).__name__, e)
print(json.dumps({"modules": sorted(tops), "failed": failed}))
`;

/**
 * Runs IMPORT_ALL with the venv's `python` (no bytecode written). Returns every top-level module
 * found and the failures not listed in IMPORT_EXCEPTIONS, "module: why".
 */
export async function importAll(python: string): Promise<{ modules: string[]; failures: string[] }> {
  const probe = await execa(python, ["-c", IMPORT_ALL], { env: cleanEnv({ PYTHONDONTWRITEBYTECODE: "1" }) });
  const { modules, failed } = JSON.parse(probe.stdout) as { modules: string[]; failed: Record<string, string> };
  const failures = Object.entries(failed).flatMap(([name, why]) => (name in IMPORT_EXCEPTIONS ? [] : [`import ${name}: ${why}`]));
  return { modules, failures };
}
