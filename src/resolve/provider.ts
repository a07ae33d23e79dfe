// The resolver's port (where candidate versions and their dependencies come from) and its data types.
import type { MarkerEvaluationEnvironment } from "../standards/marker-evaluate.js";

/** One release of a project as the index lists it. */
export interface CandidateVersion {
  /** A PEP 440 version; candidates whose version does not parse are ignored. */
  version: string;
  /** PEP 592: yanked releases are chosen only when the root or a constraint pins them with ==/===. */
  yanked?: boolean;
  /** The release's Requires-Python specifier, when the index states it ("" or absent: any Python). */
  requiresPython?: string;
  /**
   * Ids of the targets (ResolveTarget.id) that none of the release's files can serve: no wheel
   * with a compatible tag and no sdist (or the binary policy forbids the ones there are). pip
   * leaves such releases out of its candidates; so does the resolver.
   */
  unusableFor?: string[];
}

/** What one version of a project needs: its core metadata's Requires-Dist and Requires-Python. */
export interface VersionDependencies {
  /** PEP 508 requirement strings, markers included (they are evaluated against the target). */
  requiresDist: string[];
  /** Requires-Python from the metadata; when it excludes the target the version is unusable. */
  requiresPython?: string;
}

/**
 * Where the resolver learns about projects. Names passed in are PEP 503 normalized; versions are
 * strings from `versions()`. Both may do I/O (index, cache); the resolver calls each at most once
 * per argument. An unknown project is `[]`, not an error.
 */
export interface ResolverProvider {
  versions(name: string): Promise<CandidateVersion[]>;
  dependencies(name: string, version: string): Promise<VersionDependencies>;
}

/** The one environment resolved for: its marker variables and its Python's full version. */
export interface ResolveTarget {
  /** Marker variables (`extra` is set by the resolver; do not set it here). */
  environment: MarkerEvaluationEnvironment;
  /** The target Python's full version, e.g. "3.11.4", checked against Requires-Python. */
  pythonFullVersion: string;
  /** Names the target in CandidateVersion.unusableFor and in explanations (e.g. "cp311-cp311-linux_x86_64"). */
  id?: string;
}

/** What to resolve. */
export interface ResolveInput {
  /** Root requirements (PEP 508; extras and markers allowed; direct URLs are refused). */
  requirements: string[];
  /** Constraints (`-c`): they narrow a project's versions when it is needed and never add it. */
  constraints?: string[];
  target: ResolveTarget;
  /** `pre: true` allows pre-releases everywhere (pip's --pre). */
  options?: { pre?: boolean };
  /**
   * Versions to choose while they are still allowed, by project name (a lock's earlier pins,
   * kept unless an upgrade is asked for): tried before the highest. They never add a project.
   */
  preferences?: Record<string, string>;
}

/** One chosen version. */
export interface ResolvedPin {
  /** PEP 503 normalized name. */
  name: string;
  version: string;
  /** Extras of the project that were needed, sorted. */
  extras: string[];
  /** Who asked for it, sorted: "root" (the requirements) or "parent==version" / "parent[extra]==version". */
  requestedBy: string[];
}

/** A successful resolution: pins sorted by name. */
export interface Resolution {
  pins: ResolvedPin[];
}
