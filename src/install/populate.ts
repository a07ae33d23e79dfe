// Install step "stage": a new venv in a staging directory, every selected wheel in it, checked.
import { createHash } from "node:crypto";
import path from "node:path";
import { UNPACKED_BUCKET } from "../cache/cache.js";
import { INSTALLS_CHECKED_BUCKET, passedChecks } from "../cache/passed-checks.js";
import type { EventSink } from "../events.js";
import { createVenv } from "../python/venv.js";
import { assertNoProblems, checkImports, checkInstalled } from "../wheel/check-installed.js";
import { installWheels, type InstallReport, type WheelInput } from "../wheel/install.js";
import { pipWheelInput } from "../wheel/pip-wheel.js";
import type { PythonInfo } from "../python/interpreter.js";
import { packageVersion } from "../version.js";
import type { BaseInstallOptions, Prepared } from "./prepare.js";
import type { SelectedWheel } from "./select.js";

/**
 * Creates the venv for `finalPath` in `stagingDir`, installs every selected wheel, checks the
 * result (every requirement met; imports too with `checkImports`). Throws installWheels' codes,
 * E_REQUIREMENTS_UNSATISFIED, E_IMPORT_CHECK_FAILED; the caller removes the staging directory.
 */
export async function populateVenv(
  prepared: Prepared,
  where: { stagingDir: string; finalPath: string },
  options: BaseInstallOptions,
  events: EventSink,
): Promise<InstallReport> {
  const { target, selected, local } = prepared;
  const layout = await createVenv({
    ...where,
    python: target.info,
    ...(options.relocatable ? { relocatable: true } : {}),
    ...(options.withPip ? { withPip: true } : {}),
  });
  const wheels: WheelInput[] = selected.map((s) => ({
    path: local.get(`wheels/${s.wheel.filename}`) ?? "",
    name: s.pkg.name,
    sha256: s.wheel.sha256,
    requested: s.pkg.requested,
    extras: s.pkg.extras,
  }));
  if (options.withPip && !selected.some((s) => s.pkg.name === "pip")) wheels.push(await pipWheelInput(target.info));
  const installed = await installWheels({
    layout,
    python: target.info,
    wheels,
    storeDir: path.join(prepared.cacheDir, UNPACKED_BUCKET),
    ...(options.linkMode ? { linkMode: options.linkMode } : {}),
    ...(options.compile ? { compile: true } : {}),
    ...(options.relocatable ? { relocatable: true } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    events,
  });
  const requested = selected.filter((s) => s.pkg.requested).map((s) => ({ name: s.pkg.name, extras: s.pkg.extras }));
  // What the check finds is decided by its inputs: the wheels' bytes (so the installed METADATA),
  // the target's markers and lib dirs, the requested extras. A set that passed once passes again.
  const checked = passedChecks(prepared.cacheDir, INSTALLS_CHECKED_BUCKET);
  const key = installSetKey(wheels, target.info, requested);
  if (!checked.has(key)) {
    assertNoProblems(await checkInstalled({ layout, python: target.info, requested }));
    checked.add(key);
  }
  if (options.checkImports) await checkImports({ layout });
  return installed;
}

/** The sha256 (hex) naming an install set for the record of passed requirement checks. */
export function installSetKey(wheels: WheelInput[], python: PythonInfo, requested: { name: string; extras: string[] }[]): string {
  const doc = {
    pyvendor: packageVersion(),
    wheels: wheels.map((w) => w.sha256).sort(),
    markers: python.markers,
    lib: [python.schemePaths.purelib, python.schemePaths.platlib],
    requested: requested.map((r) => `${r.name}[${[...r.extras].sort().join(",")}]`).sort(),
  };
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

/** The installed packages as results report them. */
export const packagesOf = (selected: SelectedWheel[]) =>
  selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version, wheel: s.wheel.filename }));
