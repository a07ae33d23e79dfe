// Which packages of a PEP 751 lock file apply to a target environment (the spec's install steps).
import { PyvendorError } from "../errors.js";
import { evaluateMarker, type MarkerEnvironment } from "./markers.js";
import type { LockedPackage, Pylock } from "./pylock.js";
import { parseSpecifierSet, setContains } from "./specifier-set.js";

export interface SelectLockedOptions {
  /** Extras to install (marker variable `extras`); default none. */
  extras?: string[];
  /** Dependency groups to install (marker variable `dependency_groups`); default the lock's default-groups. */
  dependencyGroups?: string[];
}

function pythonVersionOf(lock: Pylock, env: Partial<MarkerEnvironment>): string {
  const version = env.python_full_version;
  if (version === undefined) {
    throw new PyvendorError("E_PYLOCK_INVALID", `${lock.file}: the target environment has no python_full_version to check requires-python against`);
  }
  return version;
}

function requirePython(lock: Pylock, spec: string, version: string, what: string): void {
  const set = parseSpecifierSet(spec);
  if (set && !setContains(set, version)) {
    throw new PyvendorError("E_REQUIRES_PYTHON", `${lock.file}: ${what} requires-python ${spec} does not include the target's Python ${version}`, {
      data: { file: lock.file, requiresPython: spec, python: version },
    });
  }
}

/**
 * The locked packages that apply to `env`, in file order, each with all its files (choosing a
 * wheel per interpreter is the caller's: see selectBestWheel). Follows the specification's
 * installation steps: the lock's requires-python must include env.python_full_version
 * (E_REQUIRES_PYTHON); when `environments` is set, one of them must match (E_PYLOCK_ENVIRONMENT);
 * packages whose marker is false are skipped (markers see `extras` and `dependency_groups`); a
 * selected package's requires-python must hold (E_REQUIRES_PYTHON); two selected entries of one
 * name are ambiguous (E_PYLOCK_INVALID); an editable directory cannot be bundled
 * (E_EDITABLE_REQUIREMENT). Missing marker variables are E_INVALID_MARKER.
 */
export function selectLockedPackages(
  lock: Pylock,
  env: Partial<MarkerEnvironment>,
  options: SelectLockedOptions = {},
): LockedPackage[] {
  if (lock.requiresPython !== undefined) requirePython(lock, lock.requiresPython, pythonVersionOf(lock, env), "the lock file's");
  if (lock.environments.length > 0 && !lock.environments.some((m) => evaluateMarker(m, env, { context: "requirement" }))) {
    throw new PyvendorError("E_PYLOCK_ENVIRONMENT", `${lock.file}: the target environment matches none of the lock file's environments`, {
      data: { file: lock.file },
    });
  }
  const markerEnv = {
    ...env,
    extras: options.extras ?? [],
    dependency_groups: options.dependencyGroups ?? lock.defaultGroups,
  };
  const selected = new Map<string, LockedPackage>();
  for (const pkg of lock.packages) {
    if (pkg.marker && !evaluateMarker(pkg.marker, markerEnv, { context: "lock_file" })) continue;
    if (pkg.requiresPython !== undefined) {
      requirePython(lock, pkg.requiresPython, pythonVersionOf(lock, env), `${pkg.name} (${pkg.at})`);
    }
    const earlier = selected.get(pkg.name);
    if (earlier) {
      throw new PyvendorError("E_PYLOCK_INVALID", `${lock.file}: ${pkg.at} and ${earlier.at} both lock ${pkg.name} for this environment`, {
        data: { file: lock.file, name: pkg.name },
      });
    }
    if (pkg.directory?.editable) {
      throw new PyvendorError("E_EDITABLE_REQUIREMENT", `${lock.file}: ${pkg.at}: ${pkg.name} is an editable directory and cannot go into an offline bundle`);
    }
    selected.set(pkg.name, pkg);
  }
  return [...selected.values()];
}
