// `withPip`: the pip wheel to install with our own installer (the interpreter's bundled one by default).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import type { PythonInfo } from "../python/interpreter.js";
import type { WheelInput } from "./install.js";

/** Where interpreters keep a pip wheel: ensurepip's bundle, then Debian's python-wheels. */
export function pipWheelDirs(python: PythonInfo): string[] {
  const stdlib = path.join(python.basePrefix, python.schemePaths.stdlib ?? `lib/python${python.versionInfo[0]}.${python.versionInfo[1]}`);
  return [path.join(stdlib, "ensurepip", "_bundled"), "/usr/share/python-wheels"];
}

/**
 * A WheelInput for `pipWheel` (a path), or for the pip wheel bundled with `python` when not given.
 * Throws E_PYTHON_UNSUPPORTED when the interpreter has none.
 */
export async function pipWheelInput(python: PythonInfo, pipWheel?: string): Promise<WheelInput> {
  let file = pipWheel;
  if (!file) {
    for (const dir of pipWheelDirs(python)) {
      try {
        const found = (await readdir(dir)).filter((f) => /^pip-[^-]+-py3-none-any\.whl$/.test(f)).sort();
        if (found.length) {
          file = path.join(dir, found[found.length - 1] as string);
          break;
        }
      } catch (err: unknown) {
        if (!isErrno(err, "ENOENT")) throw err;
      }
    }
  }
  if (!file) {
    throw new PyvendorError("E_PYTHON_UNSUPPORTED", `No pip wheel found for ${python.executable}`, {
      hint: "Pass the path of a pip wheel (e.g. from the bundle's wheels/).",
    });
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { path: file, name: "pip", sha256: hash.digest("hex"), requested: true };
}
