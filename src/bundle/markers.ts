// PEP 508 markers that tell a bundle's targets apart, for the lock files (pure).
import type { Manifest, ManifestTarget } from "./manifest.js";

/** Marker variables that usually tell targets apart, most telling first. */
const PREFERRED = ["implementation_name", "python_version", "sys_platform", "platform_machine"] as const;
/** Variables that describe the packing host rather than the target. */
const HOST_ONLY = new Set(["platform_release", "platform_version"]);

/** The value of a marker variable for a target: its recorded markers, else its own fields. */
function markerValue(target: ManifestTarget, key: string): string | undefined {
  const recorded = target.markers[key];
  if (recorded !== undefined) return recorded;
  if (key === "implementation_name") return target.implementation;
  if (key === "python_version") return target.pythonVersion.split(".").slice(0, 2).join(".");
  return undefined;
}

function quote(value: string): string | undefined {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return undefined;
}

function clause(target: ManifestTarget, keys: readonly string[]): string {
  const parts: string[] = [];
  for (const key of keys) {
    const value = markerValue(target, key);
    const quoted = value === undefined ? undefined : quote(value);
    if (quoted !== undefined) parts.push(`${key} == ${quoted}`);
  }
  return parts.join(" and ");
}

/** The marker variables whose values differ between the bundle's targets (preferred ones only, if any differ). */
function discriminatingKeys(targets: ManifestTarget[]): string[] {
  const differs = (key: string) => new Set(targets.map((t) => markerValue(t, key) ?? "")).size > 1;
  const preferred = PREFERRED.filter(differs);
  if (preferred.length > 0) return preferred;
  const all = new Set(targets.flatMap((t) => Object.keys(t.markers)));
  return [...all].filter((k) => !HOST_ONLY.has(k) && differs(k)).sort();
}

/**
 * A marker true on exactly the given targets of the bundle, or undefined when they are all of its
 * targets (or the targets cannot be told apart by marker variables).
 */
export function targetsMarker(manifest: Manifest, targetIds: string[]): string | undefined {
  const wanted = new Set(targetIds);
  if (manifest.targets.every((t) => wanted.has(t.id))) return undefined;
  const keys = discriminatingKeys(manifest.targets);
  if (keys.length === 0) return undefined;
  const clauses = manifest.targets.filter((t) => wanted.has(t.id)).map((t) => clause(t, keys)).filter((c) => c !== "");
  if (clauses.length === 0) return undefined;
  if (clauses.length === 1) return clauses[0];
  return clauses.map((c) => (c.includes(" and ") ? `(${c})` : c)).join(" or ");
}

/** One marker per target describing the environment it was packed for (pylock `environments`). */
export function targetEnvironment(target: ManifestTarget): string {
  return clause(target, PREFERRED);
}

/** A Requires-Python specifier covering the targets' Python minor versions, e.g. "==3.11.*" or ">=3.8, <3.13". */
export function targetsRequiresPython(manifest: Manifest): string | undefined {
  const minors = manifest.targets
    .map((t) => t.pythonVersion.split(".").slice(0, 2).map(Number) as [number, number])
    .filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b))
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const low = minors[0];
  const high = minors.at(-1);
  if (!low || !high) return undefined;
  if (low[0] === high[0] && low[1] === high[1]) return `==${low[0]}.${low[1]}.*`;
  return `>=${low[0]}.${low[1]}, <${high[0]}.${high[1] + 1}`;
}
