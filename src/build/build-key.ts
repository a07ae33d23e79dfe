// Cache keys of built wheels: the sdist's hash, where the wheel runs, and everything else that changes it.
import { createHash } from "node:crypto";
import type { BuiltWheelKeyParts } from "../cache/built-wheels.js";
import type { Target } from "../python/target.js";

/**
 * The built-wheel cache key of a wheel built from `sdistSha256` for `target` (interpreter tag,
 * ABI, platform and glibc version, via the target id), or for every target when "pure".
 * `settingsKey` covers the frontend and its settings (see buildSettingsKey).
 */
export function buildKey(sdistSha256: string, target: Target | "pure", settingsKey: string): string {
  const where = target === "pure" ? "pure" : `${target.manifest.id}-glibc${target.manifest.glibc ?? "none"}`;
  return createHash("sha256").update(`${sdistSha256}\n${where}\n${settingsKey}`).digest("hex");
}

/**
 * The same key with its parts, so that a remote (S3) cache can store the wheel under a readable
 * path: `<sdist sha256>/<target id>-glibc<x.y>-<settings>/...` (see src/cache/remote-keys.ts).
 */
export function buildKeyParts(sdistSha256: string, target: Target | "pure", settingsKey: string): BuiltWheelKeyParts {
  const where = target === "pure" ? { target: "pure", glibc: null } : { target: target.manifest.id, glibc: target.manifest.glibc ?? null };
  return { hash: buildKey(sdistSha256, target, settingsKey), sdistSha256, ...where, settingsKey };
}

/** Everything besides the sdist and the target that changes a built wheel. */
export interface BuildSettings {
  frontend: string;
  configSettings: Record<string, string[]>;
  isolation: boolean;
  /** The SOURCE_DATE_EPOCH builds run with. */
  sourceDateEpoch: string;
}

/** A stable hash of the settings (config settings sorted by key). */
export function buildSettingsKey(settings: BuildSettings): string {
  const config = Object.keys(settings.configSettings)
    .sort()
    .map((k) => [k, settings.configSettings[k]]);
  return createHash("sha256")
    .update(JSON.stringify({ frontend: settings.frontend, config, isolation: settings.isolation, sde: settings.sourceDateEpoch }))
    .digest("hex");
}
