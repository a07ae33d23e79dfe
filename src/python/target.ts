// A pack or install target: an inspected interpreter with its supported tags and manifest entry.
import type { ManifestTarget } from "../bundle/manifest.js";
import { interpreterTags } from "../standards/interpreter-tags.js";
import type { MarkerEnvironment } from "../standards/markers.js";
import { findPython } from "./discover.js";
import type { PythonInfo } from "./interpreter.js";
import { inspectPythonCached } from "./interpreter-cache.js";

export interface Target {
  info: PythonInfo;
  /** Tags this interpreter accepts, best first (packaging.tags.sys_tags order). */
  supportedTags: string[];
  /** Marker values used to evaluate requirements for this target. */
  markers: MarkerEnvironment;
  manifest: ManifestTarget;
}

/** Marker variables that describe the build host rather than the target; not stored in bundles. */
const HOST_SPECIFIC_MARKERS = new Set(["platform_release", "platform_version"]);

/** Builds the Target of an inspected interpreter (pure). */
export function describeTarget(info: PythonInfo): Target {
  const supportedTags = interpreterTags(info);
  const [interpreterTag = "py3", abiTag = "none"] = (supportedTags[0] ?? "py3-none-any").split("-");
  const platform = info.sysconfigPlatform.replace(/[-.]/g, "_");
  const markers: Record<string, string> = {};
  for (const [key, value] of Object.entries(info.markers)) {
    if (!HOST_SPECIFIC_MARKERS.has(key)) markers[key] = value;
  }
  return {
    info,
    supportedTags,
    markers: info.markers,
    manifest: {
      id: `${interpreterTag}-${abiTag}-${platform}`,
      implementation: info.implementation,
      pythonVersion: info.version,
      interpreterTag,
      abiTag,
      platform,
      glibc: info.glibc ? `${info.glibc[0]}.${info.glibc[1]}` : null,
      markers,
    },
  };
}

/**
 * Finds and inspects the interpreter named by `spec` ("3.12", "python3.12", a path); with a
 * `cacheDir`, a description remembered from an earlier run of the same binary is reused.
 */
export async function resolveTarget(spec: string, options: { env?: NodeJS.ProcessEnv; cacheDir?: string } = {}): Promise<Target> {
  const executable = await findPython(spec, options.env ? { env: options.env } : {});
  return describeTarget(await inspectPythonCached(executable, options));
}
