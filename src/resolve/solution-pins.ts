// The resolver's answer: one pin per chosen project, with its extras and who asked for it.
import { ROOT } from "./incompatibility.js";
import { baseOf, universeOf, type PackageGraph } from "./package-graph.js";
import type { ResolvedPin } from "./provider.js";

// "root" for the requirements, else "name==version" / "name[extra]==version".
function parentLabel(graph: PackageGraph, pkg: string, index: number): string {
  return pkg === ROOT ? "root" : `${pkg}==${universeOf(graph, pkg).versions[index]}`;
}

/**
 * The pins of a finished solution, sorted by name: every decided project (not the root, not the
 * virtual `name[extra]` packages, whose extras are listed on their project's pin instead).
 * `requestedBy` lists the decided versions whose dependencies named the project, sorted, without
 * the project's own versions and extras.
 */
export function solutionPins(graph: PackageGraph, decided: Map<string, number>): ResolvedPin[] {
  const pins = new Map<string, ResolvedPin>();
  for (const [pkg, index] of decided) {
    if (pkg === ROOT || baseOf(pkg) !== pkg) continue;
    pins.set(pkg, { name: pkg, version: universeOf(graph, pkg).versions[index] as string, extras: [], requestedBy: [] });
  }
  for (const [pkg, index] of decided) {
    const name = baseOf(pkg);
    if (pkg !== name && pkg !== ROOT) pins.get(name)?.extras.push(pkg.slice(name.length + 1, -1));
    for (const child of graph.edges.get(`${pkg}@${index}`) ?? []) {
      const pin = pins.get(child);
      const label = parentLabel(graph, pkg, index);
      if (pin && child !== name && !pin.requestedBy.includes(label)) pin.requestedBy.push(label);
    }
  }
  for (const pin of pins.values()) {
    pin.extras.sort();
    pin.requestedBy.sort();
  }
  return [...pins.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}
