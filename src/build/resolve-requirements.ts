// Resolves build requirements to exact wheels for one target, from the same indexes as the pack.
import { PyvendorError } from "../errors.js";
import type { DistributionFile } from "../package-index/finder.js";
import { requiresPythonAllows } from "../package-index/requires-python.js";
import type { Target } from "../python/target.js";
import { evaluateMarker } from "../standards/markers.js";
import { parseCoreMetadata } from "../standards/metadata.js";
import { normalizeName } from "../standards/names.js";
import { parseRequirement, type Requirement } from "../standards/requirement.js";
import { compareSdistFormats, sdistSuffix } from "../standards/sdist-formats.js";
import { selectBestWheel } from "../standards/tags.js";
import { versionSatisfies } from "../standards/version.js";
import type { EnvWheel } from "./build-env.js";
import { chooseVersion, offeredVersions } from "./choose-version.js";

/** Where build requirements come from (the pack's finder and cache; fakes in tests). */
export interface RequirementSource {
  /** Every non-yanked file of a project. */
  listFiles(project: string): Promise<DistributionFile[]>;
  /** The file, downloaded (or from the cache) and verified. */
  download(file: DistributionFile): Promise<{ path: string; sha256: string }>;
  /** Builds a build requirement that exists only as an sdist (the frontend guards cycles). */
  buildSdist(file: DistributionFile, local: { path: string; sha256: string }): Promise<{ path: string; sha256: string }>;
  /** METADATA text of a wheel file. */
  readMetadata(wheelPath: string): Promise<string>;
}

interface Picked {
  version: string;
  wheel: { path: string; sha256: string };
  requiresDist: Requirement[];
  /** Extras whose dependencies were added ("" for the base ones). */
  expanded: Set<string>;
}

const isBuildableSdist = (f: DistributionFile) => f.kind === "sdist" && sdistSuffix(f.filename) !== undefined;

function compatibleWheels(files: DistributionFile[], target: Target): DistributionFile[] {
  const python = target.info.version;
  return files.filter((f) => f.kind === "wheel" && requiresPythonAllows(f.requiresPython, python));
}

function isCompatibleWheel(file: DistributionFile, target: Target): boolean {
  return file.kind === "wheel" && selectBestWheel([file], target.supportedTags) !== undefined;
}

/**
 * The wheels to install for `requirements` (PEP 508 strings) on `target`: for each project the
 * highest version that satisfies every specifier seen for it (pre-releases only when named or
 * with `pre`), a compatible wheel preferred, else its sdist built through `source.buildSdist`;
 * dependencies (Requires-Dist with markers and extras) are followed. A later, stricter specifier
 * replaces an earlier pick. Throws E_NO_MATCHING_DISTRIBUTION naming who asked for what.
 */
export async function resolveBuildRequirements(
  requirements: string[],
  target: Target,
  source: RequirementSource,
  options: { requiredBy: string; pre?: boolean },
): Promise<EnvWheel[]> {
  const specs = new Map<string, Set<string>>();
  const extras = new Map<string, Set<string>>();
  const askedBy = new Map<string, string[]>();
  const picked = new Map<string, Picked>();
  const queue: string[] = [];
  const applies = (req: Requirement, extra: string) => !req.marker || evaluateMarker(req.marker, { ...target.markers, extra });

  const want = (req: Requirement, by: string) => {
    const name = normalizeName(req.name);
    (specs.get(name) ?? specs.set(name, new Set()).get(name))?.add(req.specifier);
    const ex = extras.get(name) ?? extras.set(name, new Set()).get(name);
    for (const e of req.extras) ex?.add(e);
    askedBy.set(name, [...(askedBy.get(name) ?? []), `${by} → ${req.name}${req.extras.length ? `[${req.extras.join(",")}]` : ""}${req.specifier}`]);
    queue.push(name);
  };

  for (const text of requirements) {
    const req = parseRequirement(text);
    if (applies(req, "")) want(req, options.requiredBy);
  }

  async function pick(name: string, wanted: string[]): Promise<Picked> {
    const files = await source.listFiles(name);
    const chosen = chooseVersion(files, {
      specifiers: wanted,
      pre: options.pre ?? false,
      targets: [{ pythonVersion: target.info.version, usable: (f) => isBuildableSdist(f) || isCompatibleWheel(f, target) }],
    });
    if (!chosen) {
      throw new PyvendorError(
        "E_NO_MATCHING_DISTRIBUTION",
        `No version of build requirement ${name} satisfies ${wanted.filter(Boolean).join(", ") || "(any)"} for ${target.manifest.id} (${(askedBy.get(name) ?? []).join("; ")}); the index offers ${offeredVersions(files).join(", ") || "nothing usable"}`,
        { hint: "Check the build requirements and that the index has a compatible wheel or sdist of them.", data: { project: name, specifiers: wanted, target: target.manifest.id } },
      );
    }
    const wheel = selectBestWheel(compatibleWheels(chosen.files, target), target.supportedTags);
    const sdist = chosen.files.filter(isBuildableSdist).sort((a, b) => compareSdistFormats(a.filename, b.filename))[0];
    const file = (wheel ?? sdist) as DistributionFile;
    const local = await source.download(file);
    const built = wheel ? local : await source.buildSdist(file, local);
    const metadata = parseCoreMetadata(await source.readMetadata(built.path));
    return { version: chosen.version, wheel: built, requiresDist: metadata.requiresDist.map((r) => parseRequirement(r)), expanded: new Set() };
  }

  for (let steps = 0; queue.length > 0; steps++) {
    if (steps > 2000) throw new Error(`internal: resolving build requirements of ${options.requiredBy} does not settle`);
    const name = queue.shift() as string;
    const wanted = [...(specs.get(name) ?? [])];
    let current = picked.get(name);
    if (current && !wanted.every((s) => s === "" || versionSatisfies(current!.version, s, { prereleases: true }))) current = undefined;
    if (!current) {
      current = await pick(name, wanted);
      picked.set(name, current);
    }
    for (const extra of ["", ...(extras.get(name) ?? [])]) {
      if (current.expanded.has(extra)) continue;
      current.expanded.add(extra);
      for (const dep of current.requiresDist) {
        if (extra === "" ? applies(dep, "") : applies(dep, extra) && !applies(dep, "")) want(dep, `${name} ${current.version}`);
      }
    }
  }
  return [...picked]
    .map(([name, p]) => ({ name, version: p.version, path: p.wheel.path, sha256: p.wheel.sha256 }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
