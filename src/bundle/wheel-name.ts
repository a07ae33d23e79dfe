// The two bits of the packaging standards the bundle code needs: name normalization and wheel names.
// TODO(standards): replace with src/standards/ (PEP 503 names, PEP 427 wheel filenames) when merged.

/** PEP 503 normalized project name. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** The parts of a wheel filename (PEP 427), or undefined when it is not one. */
export interface WheelNameParts {
  project: string;
  version: string;
  build?: string;
  /** Expanded tag triples, e.g. ["py2-none-any", "py3-none-any"]. */
  tags: string[];
}

/** Splits a wheel filename; undefined when it does not have 5 or 6 dash-separated parts. */
export function parseWheelName(filename: string): WheelNameParts | undefined {
  if (!filename.endsWith(".whl")) return undefined;
  const parts = filename.slice(0, -4).split("-");
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [project, version] = parts as [string, string];
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  const tags: string[] = [];
  for (const p of py.split(".")) for (const a of abi.split(".")) for (const l of plat.split(".")) tags.push(`${p}-${a}-${l}`);
  return { project, version, ...(parts.length === 6 ? { build: parts[2] } : {}), tags };
}
