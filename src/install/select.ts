// Install step "select" (pure): the packages a target needs and the best bundled wheel for each.
import { checkListedWheel } from "../bundle/check-wheel.js";
import type { Manifest, ManifestPackage, ManifestTarget, ManifestWheel } from "../bundle/manifest.js";
import { PyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { selectBestWheel } from "../standards/tags.js";

export interface SelectedWheel {
  pkg: ManifestPackage;
  wheel: ManifestWheel;
}

/** The bundle target this interpreter installs: same id, else same interpreter and ABI. */
export function matchTarget(manifest: Manifest, target: Target): ManifestTarget {
  const exact = manifest.targets.find((t) => t.id === target.manifest.id);
  if (exact) return exact;
  const similar = manifest.targets.find(
    (t) => t.interpreterTag === target.manifest.interpreterTag && t.abiTag === target.manifest.abiTag,
  );
  if (similar) return similar;
  throw new PyvendorError(
    "E_NO_COMPATIBLE_WHEEL",
    `The bundle was packed for ${manifest.targets.map((t) => `${t.id} (Python ${t.pythonVersion})`).join(", ")}; ` +
      `this interpreter is ${target.manifest.id} (Python ${target.info.version}, ${target.info.executable})`,
    {
      hint: `Pack the bundle with --python for this interpreter (e.g. --python ${target.info.versionInfo[0]}.${target.info.versionInfo[1]}), or install with one the bundle has.`,
      data: { bundleTargets: manifest.targets.map((t) => t.id), target: target.manifest.id },
    },
  );
}

/**
 * For every package the matched target needs, the wheel whose tags rank best for the
 * interpreter. Throws E_NO_COMPATIBLE_WHEEL listing every package without one, with the tags in
 * the bundle and the first tags the target takes; E_WHEEL_INVALID for a wheel whose file name is
 * not its package's or whose tags are not the manifest's (see checkListedWheel).
 */
export function selectWheels(manifest: Manifest, target: Target): SelectedWheel[] {
  const matched = matchTarget(manifest, target);
  const selected: SelectedWheel[] = [];
  const problems: string[] = [];
  for (const pkg of manifest.packages) {
    if (!pkg.targets.includes(matched.id)) continue;
    // Every listed file is the package's, with the tags the manifest gives (checkListedWheel), so
    // the wheel pip would pick by file name (tag rank, then build tag) is the best by the manifest.
    for (const wheel of pkg.wheels) checkListedWheel({ pkg, wheel });
    const best = selectBestWheel(pkg.wheels, target.supportedTags);
    if (best) selected.push({ pkg, wheel: best });
    else problems.push(`${pkg.name} ${pkg.version}: bundle has ${pkg.wheels.flatMap((w) => w.tags).join(", ")}`);
  }
  if (problems.length > 0) {
    throw new PyvendorError(
      "E_NO_COMPATIBLE_WHEEL",
      `No compatible wheel for ${problems.length} package(s):\n${problems.join("\n")}\n` +
        `the target takes: ${target.supportedTags.slice(0, 5).join(", ")}, … (${target.supportedTags.length} tags)`,
      { data: { problems, targetTags: target.supportedTags.slice(0, 20) } },
    );
  }
  return selected;
}
