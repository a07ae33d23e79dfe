// Source text of the generated corpus: Python modules, package __init__ files, console-script modules, C extensions.
import type { Rng } from "../prng.js";
import { uniqueWords, word } from "./words.js";

const PHRASES = ["numeric", "parsing", "caching", "geometry", "scheduling", "encoding", "statistics", "routing", "formatting", "validation"];

function numbers(rng: Rng, count: number): string {
  const rows: string[] = [];
  for (let i = 0; i < count; i += 12) {
    const row: number[] = [];
    for (let j = i; j < Math.min(count, i + 12); j++) row.push(rng.int(0, 99_999));
    rows.push(`    ${row.join(", ")},`);
  }
  return rows.join("\n");
}

function pyFunction(rng: Rng, name: string, table: boolean): string {
  const c1 = rng.int(2, 97);
  const c2 = rng.int(101, 9973);
  const loops = rng.int(3, 40);
  const lines = [
    `def ${name}(x: float, y: float = ${rng.int(1, 9)}.0) -> float:`,
    `    """Blend x and y over ${loops} steps (generated)."""`,
    "    total = 0.0",
    `    for i in range(${loops}):`,
    `        total += (x * ${c1} + i) % ${c2}`,
  ];
  if (table) lines.push("        total += _TABLE[i % len(_TABLE)] / 1000.0");
  if (rng.chance(0.4)) lines.push(`    total = math.sqrt(abs(total)) + math.log1p(abs(y))`);
  lines.push(`    return total + y * ${rng.int(1, 50)}`);
  return lines.join("\n");
}

function pyClass(rng: Rng, name: string): string {
  const fields = uniqueWords(rng, rng.int(1, 4), "f_");
  const methods = uniqueWords(rng, rng.int(1, 4), "m_");
  const out = ["@dataclass", `class ${name[0]?.toUpperCase()}${name.slice(1)}:`, `    """A generated record with ${fields.length} fields."""`, ""];
  for (const f of fields) out.push(`    ${f}: float = ${rng.int(0, 99)}.${rng.int(0, 9)}`);
  for (const m of methods) {
    out.push("", `    def ${m}(self, k: int = ${rng.int(1, 9)}) -> float:`, `        """Combine the fields with k."""`);
    out.push(`        return (${fields.map((f) => `self.${f}`).join(" + ")}) * k / ${rng.int(2, 17)}.0`);
  }
  return out.join("\n");
}

/** A module of 2–14 functions and dataclasses; about one in twenty also carries a large data table. */
export function pythonModule(rng: Rng, moduleName: string, packageName: string): string {
  const tableSize = rng.chance(0.05) ? rng.int(800, 2500) : rng.int(0, 160);
  const names = uniqueWords(rng, rng.int(2, 14));
  const header = [
    `"""${packageName}.${moduleName}: ${rng.pick(PHRASES)} helpers (generated benchmark code)."""`,
    "from __future__ import annotations",
    "",
    "import math",
    "from dataclasses import dataclass",
    "",
    `_TABLE = (\n${tableSize > 0 ? numbers(rng, tableSize) : "    1,"}\n)`,
  ];
  const parts = [header.join("\n")];
  for (const name of names) parts.push(rng.chance(0.3) ? pyClass(rng, name) : pyFunction(rng, name, rng.chance(0.5)));
  return `${parts.join("\n\n\n")}\n`;
}

/** A subpackage's __init__.py. */
export function subpackageInit(rng: Rng, dotted: string): string {
  return `"""${dotted}: the ${word(rng)} part of the package (generated benchmark code)."""\n`;
}

export interface InitOptions {
  name: string;
  importName: string;
  version: string;
  /** Import names of the dependencies, checked by requirements(). */
  dependencyImports: string[];
  /** A top-level module the package imports eagerly, as real packages do. */
  eagerModule: string;
  extension: boolean;
}

/** The top-level __init__.py: version, one eager import, the extension's functions, and requirements(). */
export function packageInit(o: InitOptions): string {
  const lines = [
    `"""${o.name}: a generated package of the pyvendor benchmark corpus."""`,
    "from __future__ import annotations",
    "",
    `__version__ = "${o.version}"`,
    "",
    `from . import ${o.eagerModule}`,
  ];
  if (o.extension) lines.push("from ._native import checksum, poly");
  lines.push("", "", "def requirements() -> list[str]:", '    """Imports every dependency (proves the install is whole) and returns their names."""');
  for (const dep of o.dependencyImports) lines.push(`    import ${dep}`);
  lines.push(`    return ${JSON.stringify(o.dependencyImports)}`);
  return `${lines.join("\n")}\n`;
}

/** The console-script module: prints "<name> <version> (<n> deps)". */
export function cliModule(name: string): string {
  return [
    `"""${name} command line (generated benchmark code)."""`,
    "from __future__ import annotations",
    "",
    "",
    "def main() -> int:",
    "    from . import __version__, requirements",
    "",
    "    deps = requirements()",
    `    print(f"${name} {__version__} ({len(deps)} deps)")`,
    "    return 0",
    "",
  ].join("\n");
}

/** Constants of a generated C extension, so tests and checks can predict checksum() results. */
export interface NativeConstants {
  basis: number;
  prime: number;
  coefficients: number[];
}

export function nativeConstants(rng: Rng): NativeConstants {
  const coefficients: number[] = [];
  for (let i = rng.int(3, 8); i > 0; i--) coefficients.push(rng.int(-50, 50));
  return { basis: rng.int(1, 0xffffffff), prime: rng.pick([16777619, 2654435761, 40503, 2246822519]), coefficients };
}

/** What `checksum(data)` of a generated extension returns (32-bit FNV-1a style with its constants). */
export function expectedChecksum(c: NativeConstants, data: Buffer): number {
  let h = c.basis >>> 0;
  for (const byte of data) h = Math.imul((h ^ byte) >>> 0, c.prime) >>> 0;
  return h >>> 0;
}

/** C source of `<importName>._native` with checksum(bytes) -> int and poly(float) -> float. */
export function cExtension(importName: string, c: NativeConstants): string {
  return `/* ${importName}._native: a small generated C extension of the benchmark corpus. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static const double COEFFICIENTS[] = {${c.coefficients.map((n) => `${n}.0`).join(", ")}};

static PyObject *checksum(PyObject *self, PyObject *args) {
    Py_buffer buf;
    if (!PyArg_ParseTuple(args, "y*", &buf)) return NULL;
    uint32_t h = ${c.basis}u;
    const unsigned char *p = (const unsigned char *)buf.buf;
    for (Py_ssize_t i = 0; i < buf.len; i++) {
        h ^= p[i];
        h *= ${c.prime}u;
    }
    PyBuffer_Release(&buf);
    return PyLong_FromUnsignedLong((unsigned long)h);
}

static PyObject *poly(PyObject *self, PyObject *args) {
    double x, acc = 0.0;
    if (!PyArg_ParseTuple(args, "d", &x)) return NULL;
    for (size_t i = 0; i < sizeof(COEFFICIENTS) / sizeof(COEFFICIENTS[0]); i++) acc = acc * x + COEFFICIENTS[i];
    return PyFloat_FromDouble(acc);
}

static PyMethodDef methods[] = {
    {"checksum", checksum, METH_VARARGS, "32-bit FNV-style hash of a bytes-like object."},
    {"poly", poly, METH_VARARGS, "Evaluate the module's polynomial at x."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", NULL, -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
`;
}
