// One set of pins for several targets (each target Python of a lock): resolve() per target, each
// held to the pins the others chose, so a project shared by two targets has one version in both.
import { PyvendorError, isPyvendorError } from "../errors.js";
import type { CandidateVersion, ResolvedPin, ResolveInput, ResolverProvider, ResolveTarget, VersionDependencies } from "./provider.js";
import { resolve } from "./resolve.js";

/** What to resolve for every target at once. */
export interface ResolveTargetsInput extends Omit<ResolveInput, "target"> {
  /** At least one; a target's place in this list is how pins name it. */
  targets: ResolveTarget[];
}

/** A pin of the shared lock: the targets (indexes into `targets`) that need it, and who asked, per target merged. */
export interface SharedPin extends ResolvedPin {
  targets: number[];
}

/** The provider's answers remembered, so that each target's resolution asks the index nothing twice. */
function remembered(provider: ResolverProvider): ResolverProvider {
  const versions = new Map<string, Promise<CandidateVersion[]>>();
  const dependencies = new Map<string, Promise<VersionDependencies>>();
  const once = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let answer = map.get(key);
    if (!answer) map.set(key, (answer = load()));
    return answer;
  };
  return {
    versions: (name) => once(versions, name, () => provider.versions(name)),
    dependencies: (name, version) => once(dependencies, `${name}\0${version}`, () => provider.dependencies(name, version)),
  };
}

const pythonOf = (target: ResolveTarget) => `Python ${target.pythonFullVersion}`;

/**
 * Resolves `input` for each target into one set of pins: a project every target needs gets one
 * version, one only some need is pinned for those (SharedPin.targets). Targets are resolved in
 * turn, each with the pins chosen so far as constraints (which narrow, never add); when one
 * cannot follow them, the targets are tried again with it first. Throws E_RESOLUTION_IMPOSSIBLE:
 * a target that has no solution even alone (its explanation, the target named), or two targets
 * that each have one but cannot share them (what the second gives under the first's pins).
 */
export async function resolveTargets(input: ResolveTargetsInput, provider: ResolverProvider): Promise<SharedPin[]> {
  if (input.targets.length === 0) throw new Error("resolveTargets needs at least one target");
  const shared = remembered(provider);
  const alone = async (i: number) => {
    try {
      return await resolve({ ...input, target: input.targets[i] as ResolveTarget }, shared);
    } catch (err: unknown) {
      if (!isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE") || input.targets.length === 1) throw err;
      const lines = [`For ${pythonOf(input.targets[i] as ResolveTarget)}:`, ...(err.data.explanation as string[])];
      throw new PyvendorError("E_RESOLUTION_IMPOSSIBLE", lines.join("\n"), { data: { ...err.data, explanation: lines, target: i } });
    }
  };
  const attempt = async (order: number[]): Promise<SharedPin[] | { failed: number; under: number; error: PyvendorError }> => {
    const pins = new Map<string, SharedPin>();
    for (const [step, i] of order.entries()) {
      const held = [...pins.values()].map((p) => `${p.name}==${p.version}`);
      let resolution;
      try {
        resolution = await resolve({ ...input, constraints: [...(input.constraints ?? []), ...held], target: input.targets[i] as ResolveTarget }, shared);
      } catch (err: unknown) {
        if (!isPyvendorError(err, "E_RESOLUTION_IMPOSSIBLE") || step === 0) throw err;
        return { failed: i, under: order[0] as number, error: err };
      }
      for (const pin of resolution.pins) {
        const known = pins.get(pin.name);
        if (!known) pins.set(pin.name, { ...pin, targets: [i] });
        else {
          known.targets.push(i);
          known.extras = [...new Set([...known.extras, ...pin.extras])].sort();
          known.requestedBy = [...new Set([...known.requestedBy, ...pin.requestedBy])].sort();
        }
      }
    }
    return [...pins.values()].map((p) => ({ ...p, targets: p.targets.sort((a, b) => a - b) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  // Each target must have a solution of its own: that failure is the one to explain.
  for (let i = 0; i < input.targets.length; i++) await alone(i);
  const natural = input.targets.map((_, i) => i);
  const first = await attempt(natural);
  if (Array.isArray(first)) return first;
  const second = await attempt([first.failed, ...natural.filter((i) => i !== first.failed)]);
  if (Array.isArray(second)) return second;
  const a = pythonOf(input.targets[second.under] as ResolveTarget);
  const b = pythonOf(input.targets[second.failed] as ResolveTarget);
  const lines = [
    `${a} and ${b} each have a solution, but no one set of pins serves both. With the pins chosen for ${a}, ${b} fails:`,
    ...(second.error.data.explanation as string[]),
  ];
  throw new PyvendorError("E_RESOLUTION_IMPOSSIBLE", lines.join("\n"), {
    data: { explanation: lines, targets: [second.under, second.failed], python: input.targets[second.failed]?.pythonFullVersion },
  });
}
