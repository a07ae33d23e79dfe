// Pack step "select" (pure): which files of a pinned release to download, by the binary policy.
import { PyvendorError } from "../errors.js";
import type { DistributionFile } from "../package-index/finder.js";
import type { Target } from "../python/target.js";
import { compareSdistFormats } from "../standards/sdist-formats.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import type { Pin } from "./plan.js";

/** pip's format control: names (normalized) or ":all:" / ":none:". */
export interface BinaryPolicy {
  onlyBinary: string[];
  noBinary: string[];
  preferBinary: boolean;
}

/** What to fetch for one pin: an sdist to build, and/or ready wheels per target. */
export interface Selection {
  pin: Pin;
  sdist?: DistributionFile;
  /** Downloaded wheels and the targets each serves (targets not listed are built from the sdist). */
  wheels: { file: DistributionFile; targets: string[] }[];
}

export function formatControl(policy: BinaryPolicy, name: string): "only-binary" | "no-binary" | "default" {
  // pip: a name in one list wins over :all: in the other; :none: clears.
  const only = policy.onlyBinary.includes(name) || (policy.onlyBinary.includes(":all:") && !policy.noBinary.includes(name));
  const no = policy.noBinary.includes(name) || (policy.noBinary.includes(":all:") && !policy.onlyBinary.includes(name));
  if (only && !no) return "only-binary";
  if (no && !only) return "no-binary";
  return "default";
}

/**
 * Whether some file of a release can serve `target` under the binary policy: an sdist to build
 * (unless --only-binary for it) or a wheel whose tags the target supports (unless --no-binary).
 */
export function servesTarget(name: string, files: DistributionFile[], target: Target, policy: BinaryPolicy): boolean {
  const control = formatControl(policy, name);
  if (control !== "only-binary" && files.some((f) => f.kind === "sdist")) return true;
  if (control === "no-binary") return false;
  return files.some((f) => f.kind === "wheel" && wheelTagRank(parseWheelFilename(f.filename).tags, target.supportedTags) !== undefined);
}

function bestWheelPerTarget(wheels: DistributionFile[], targets: Target[]): Map<string, DistributionFile> {
  const out = new Map<string, DistributionFile>();
  for (const target of targets) {
    let best: { file: DistributionFile; rank: number } | undefined;
    for (const file of wheels) {
      const rank = wheelTagRank(parseWheelFilename(file.filename).tags, target.supportedTags);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { file, rank };
    }
    if (best) out.set(target.manifest.id, best.file);
  }
  return out;
}

function groupByFile(chosen: Map<string, DistributionFile>): Selection["wheels"] {
  const byName = new Map<string, { file: DistributionFile; targets: string[] }>();
  for (const [targetId, file] of chosen) {
    const entry = byName.get(file.filename) ?? { file, targets: [] };
    entry.targets.push(targetId);
    byName.set(file.filename, entry);
  }
  return [...byName.values()].map((e) => ({ file: e.file, targets: e.targets.sort() }));
}

/**
 * Picks the files of `pin` (whose release files are `files`) for its targets:
 * - default: the sdist (the bundle is built from source); without an sdist, the best compatible
 *   wheel per target (wheel-only projects exist);
 * - --prefer-binary: compatible wheels where every target has one, else the sdist;
 * - --only-binary: wheels only; --no-binary: the sdist only.
 * Throws E_NO_MATCHING_DISTRIBUTION naming the targets that cannot be served.
 */
export function selectFiles(pin: Pin, files: DistributionFile[], targets: Target[], policy: BinaryPolicy): Selection {
  const mine = targets.filter((t) => pin.targets.includes(t.manifest.id));
  const sdists = files.filter((f) => f.kind === "sdist").sort((a, b) => compareSdistFormats(a.filename, b.filename));
  const sdist = sdists[0];
  const wheels = files.filter((f) => f.kind === "wheel");
  const control = formatControl(policy, pin.name);
  const best = control === "no-binary" ? new Map<string, DistributionFile>() : bestWheelPerTarget(wheels, mine);
  const allHaveWheels = mine.every((t) => best.has(t.manifest.id));
  const useWheels =
    control === "only-binary" || (control === "default" && (sdist === undefined || (policy.preferBinary && allHaveWheels)));
  if (!useWheels) {
    if (sdist) return { pin, sdist, wheels: [] };
    throw new PyvendorError(
      "E_NO_MATCHING_DISTRIBUTION",
      `${pin.name} ${pin.version} has no source distribution, and --no-binary forbids its wheels`,
    );
  }
  const missing = mine.filter((t) => !best.has(t.manifest.id)).map((t) => t.manifest.id);
  if (missing.length > 0) {
    if (control !== "only-binary" && sdist) {
      return { pin, sdist, wheels: groupByFile(best) };
    }
    const offered = wheels.map((w) => w.filename).join(", ") || "none";
    throw new PyvendorError(
      "E_NO_MATCHING_DISTRIBUTION",
      `${pin.name} ${pin.version} has no file usable for ${missing.join(", ")} (wheels offered: ${offered})`,
      { data: { project: pin.name, version: pin.version, targets: missing } },
    );
  }
  return { pin, wheels: groupByFile(best) };
}
