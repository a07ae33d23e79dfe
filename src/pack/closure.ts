// Pack step "close" (pure): every wheel's Requires-Dist, per target and extras, checked against the pins.
import { PyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { evaluateMarker } from "../standards/markers.js";
import { normalizeName } from "../standards/names.js";
import { parseRequirement, type Requirement } from "../standards/requirement.js";
import { versionSatisfies } from "../standards/version.js";
import type { Pin } from "./plan.js";

/** A dependency that the pins do not satisfy, for one target. */
export interface MissingDependency {
  /** The requirement as written in Requires-Dist, without its marker ("greeter[fast]>=1.0"). */
  requirement: string;
  /** Normalized name. */
  name: string;
  specifier: string;
  extras: string[];
  /** Normalized name of the package that requires it. */
  requiredBy: string;
  target: string;
  /** The pinned version when a pin exists for this target but does not satisfy the specifier. */
  pinned?: string;
}

export interface ClosureResult {
  /** name → normalized names it depends on (in any target), sorted. */
  dependencies: Map<string, string[]>;
  /** name → extras it must be installed with (requested anywhere), sorted. */
  extras: Map<string, string[]>;
  missing: MissingDependency[];
}

function appliesWith(req: Requirement, target: Target, extras: string[]): boolean {
  if (!req.marker) return true;
  return ["", ...extras].some((extra) => evaluateMarker(req.marker!, { ...target.markers, extra }));
}

/** "name[extras]specifier" as it appears in chains and messages. */
export function requirementText(req: Requirement): string {
  return `${req.name}${req.extras.length ? `[${req.extras.join(",")}]` : ""}${req.specifier}`;
}

function parseAll(name: string, reqs: string[]): Requirement[] {
  return reqs.map((text) => {
    try {
      return parseRequirement(text);
    } catch (err: unknown) {
      throw new PyvendorError("E_INVALID_METADATA", `${name} declares an invalid dependency: ${text}`, { cause: err });
    }
  });
}

/**
 * Walks the dependency graph given each pin's Requires-Dist (`requiresDist`, keyed by name):
 * extras requested by dependents are propagated to a fixpoint, every applicable requirement is
 * checked against the pins of the same target. Unsatisfied ones are returned in `missing`
 * (the caller pins them from the index, or refuses under --strict). Pins without an entry in
 * `requiresDist` (not built) are skipped.
 */
export function computeClosure(pins: Pin[], requiresDist: Map<string, string[]>, targets: Target[]): ClosureResult {
  const byName = new Map(pins.map((p) => [p.name, p]));
  const extras = new Map(pins.map((p) => [p.name, new Set(p.extras)]));
  const parsed = new Map<string, Requirement[]>([...requiresDist].map(([name, reqs]) => [name, parseAll(name, reqs)]));
  const dependencies = new Map<string, Set<string>>(pins.map((p) => [p.name, new Set<string>()]));
  let missing: MissingDependency[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    missing = [];
    for (const pin of pins) {
      for (const targetId of pin.targets) {
        const target = targets.find((t) => t.manifest.id === targetId);
        if (!target) continue;
        for (const req of parsed.get(pin.name) ?? []) {
          if (!appliesWith(req, target, [...(extras.get(pin.name) ?? [])])) continue;
          const depName = normalizeName(req.name);
          const dep = byName.get(depName);
          const base = { requirement: requirementText(req), name: depName, specifier: req.specifier, extras: req.extras, requiredBy: pin.name, target: targetId };
          if (!dep || !dep.targets.includes(targetId)) {
            missing.push(base);
            continue;
          }
          dependencies.get(pin.name)?.add(depName);
          if (req.specifier && !versionSatisfies(dep.version, req.specifier, { prereleases: true })) {
            missing.push({ ...base, pinned: dep.version });
          }
          const depExtras = extras.get(depName) ?? new Set<string>();
          for (const extra of req.extras) {
            if (!depExtras.has(extra)) {
              depExtras.add(extra);
              changed = true;
            }
          }
          extras.set(depName, depExtras);
        }
      }
    }
  }
  return {
    dependencies: new Map([...dependencies].map(([k, v]) => [k, [...v].sort()])),
    extras: new Map([...extras].map(([k, v]) => [k, [...v].sort()])),
    missing,
  };
}

/**
 * How `name` came into the pins, outermost first: "demo-app 1.0.0 → greeter[fast]>=1.0 → fastmath>=0.1".
 * A requested pin is just "name version"; a pulled-in one follows its `via` links.
 */
export function pinChain(name: string, pins: Pin[]): string {
  const byName = new Map(pins.map((p) => [p.name, p]));
  const steps: string[] = [];
  const seen = new Set<string>();
  let current = byName.get(name);
  while (current?.via && !seen.has(current.name)) {
    seen.add(current.name);
    steps.unshift(current.via.requirement);
    current = byName.get(current.via.parent);
  }
  return [current ? `${current.name} ${current.version}` : name, ...steps].join(" → ");
}
