// The dependency resolver: PubGrub over a provider port, for one target, with readable failures.
//
// resolve(input, provider) → pins, or PyvendorError E_RESOLUTION_IMPOSSIBLE whose message says
// why, sentence by sentence. The provider (versions and Requires-Dist of a project) is the only
// I/O; tests back it with a literal graph, later slices with a package index and cache.
export { resolve } from "./resolve.js";
export { resolveTargets, type ResolveTargetsInput, type SharedPin } from "./resolve-targets.js";
export type {
  CandidateVersion,
  ResolvedPin,
  Resolution,
  ResolveInput,
  ResolverProvider,
  ResolveTarget,
  VersionDependencies,
} from "./provider.js";
