// The pins of a lock (pyvendor's requirements file, pip's --report JSON) and how two sets of pins differ.

/** PEP 503 normalized project name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * `name==version` of every requirement line of a pip-format requirements file (what `pyvendor
 * lock` writes): comments, `--hash` continuation lines and options are skipped; names normalized.
 */
export function pinsOfRequirements(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;\\]+)/.exec(line);
    if (m) pins.set(normalizeName(m[1] as string), m[2] as string);
  }
  return pins;
}

/** What `pip install --dry-run --report` would install, as name → version. Throws on JSON that is not a report. */
export function pinsOfPipReport(json: string): Map<string, string> {
  const doc = JSON.parse(json) as { install?: { metadata?: { name?: string; version?: string } }[] };
  if (!Array.isArray(doc.install)) throw new Error("not a pip installation report: no \"install\" list");
  const pins = new Map<string, string>();
  for (const item of doc.install) {
    const { name, version } = item.metadata ?? {};
    if (!name || !version) throw new Error("pip report: an install item without metadata name and version");
    pins.set(normalizeName(name), version);
  }
  return pins;
}

/**
 * The differences between two sets of pins, one line each and sorted: `name: A vs B` for another
 * version, `name: only in A` / `only in B` for a project one side lacks; empty when equal.
 */
export function pinDifferences(a: Map<string, string>, b: Map<string, string>, names: { a: string; b: string }): string[] {
  const out: string[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [x, y] = [a.get(name), b.get(name)];
    if (x === y) continue;
    if (y === undefined) out.push(`${name}: ${x} only in ${names.a}`);
    else if (x === undefined) out.push(`${name}: ${y} only in ${names.b}`);
    else out.push(`${name}: ${x} in ${names.a}, ${y} in ${names.b}`);
  }
  return out;
}
