// A resolver provider backed by a literal graph, and a Linux CPython target to resolve for.
import type { CandidateVersion, ResolverProvider, ResolveTarget, VersionDependencies } from "../../src/resolve/index.js";

/** One release: its Requires-Dist, or the full record. */
export type MemoryRelease =
  | string[]
  | {
      deps?: string[];
      yanked?: boolean;
      /** Requires-Python as the index lists it. */
      requiresPython?: string;
      /** Requires-Python only in the metadata (the index does not say). */
      metadataRequiresPython?: string;
      /** Target ids none of its files can serve (only wheels for other platforms). */
      unusableFor?: string[];
    };

/** project name (as the index spells it) → version → release. */
export type MemoryGraph = Record<string, Record<string, MemoryRelease>>;

/** A provider over `graph`, counting calls in `calls` ("versions:a", "dependencies:a@1.0"). */
export interface MemoryProvider extends ResolverProvider {
  calls: string[];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

export function memoryProvider(graph: MemoryGraph): MemoryProvider {
  const projects = new Map(Object.entries(graph).map(([name, releases]) => [normalize(name), releases]));
  const calls: string[] = [];
  return {
    calls,
    async versions(name: string): Promise<CandidateVersion[]> {
      calls.push(`versions:${name}`);
      return Object.entries(projects.get(name) ?? {}).map(([version, release]) => {
        const candidate: CandidateVersion = { version };
        if (!Array.isArray(release)) {
          if (release.yanked) candidate.yanked = true;
          if (release.requiresPython) candidate.requiresPython = release.requiresPython;
          if (release.unusableFor) candidate.unusableFor = release.unusableFor;
        }
        return candidate;
      });
    },
    async dependencies(name: string, version: string): Promise<VersionDependencies> {
      calls.push(`dependencies:${name}@${version}`);
      const release = projects.get(name)?.[version];
      if (release === undefined) throw new Error(`no ${name} ${version} in the memory graph`);
      if (Array.isArray(release)) return { requiresDist: release };
      const out: VersionDependencies = { requiresDist: release.deps ?? [] };
      const requiresPython = release.metadataRequiresPython ?? release.requiresPython;
      if (requiresPython) out.requiresPython = requiresPython;
      return out;
    },
  };
}

/** CPython `python` (default 3.11.7) on x86_64 Linux. */
export function linuxTarget(python = "3.11.7"): ResolveTarget {
  const minor = python.split(".").slice(0, 2).join(".");
  return {
    pythonFullVersion: python,
    id: `cp${minor.replace(".", "")}-cp${minor.replace(".", "")}-linux_x86_64`,
    environment: {
      implementation_name: "cpython", implementation_version: python, os_name: "posix", platform_machine: "x86_64",
      platform_python_implementation: "CPython", platform_release: "6.1.0", platform_system: "Linux",
      platform_version: "#1 SMP", python_full_version: python, python_version: minor, sys_platform: "linux",
    },
  };
}
