// Test pipeline: stage a venv, install wheels into it, rename into place (what `pyvendor install` does).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inspectPython, type PythonInfo } from "../../src/python/interpreter.js";
import { stageAndSwap } from "../../src/python/stage.js";
import { createVenv, type VenvLayout } from "../../src/python/venv.js";
import { installWheels, type InstallOptions, type InstallReport } from "../../src/wheel/install.js";

let cached: Promise<PythonInfo> | undefined;

/** PythonInfo of python3 (inspected once per test process). */
export function python3(): Promise<PythonInfo> {
  cached ??= inspectPython("python3");
  return cached;
}

export interface TestInstall {
  report: InstallReport;
  layout: VenvLayout;
}

/** Creates a venv at `dest` and installs `wheels` (paths; sha256 computed), all requested. */
export async function installInto(
  dest: string,
  wheels: (string | { path: string; sha256?: string; requested?: boolean })[],
  options: Partial<Omit<InstallOptions, "layout" | "python" | "wheels">> & { force?: boolean; relocatable?: boolean; python?: PythonInfo } = {},
): Promise<TestInstall> {
  const python = options.python ?? (await python3());
  const inputs = await Promise.all(
    wheels.map(async (w) => {
      const spec = typeof w === "string" ? { path: w } : w;
      const sha256 = spec.sha256 ?? createHash("sha256").update(await readFile(spec.path)).digest("hex");
      return { path: spec.path, name: spec.path.split("/").pop() as string, sha256, requested: spec.requested ?? true };
    }),
  );
  const { force, relocatable, python: _p, ...rest } = options;
  return stageAndSwap(dest, { force: force ?? false }, async (stagingDir) => {
    const layout = await createVenv({ stagingDir, finalPath: dest, python, ...(relocatable ? { relocatable } : {}) });
    const report = await installWheels({ ...rest, layout, python, wheels: inputs });
    return { report, layout };
  });
}
