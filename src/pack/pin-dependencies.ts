// Pack step "close", second half: pins dependencies the requirements left out, from the index (or refuses them).
import { chooseVersion, offeredVersions } from "../build/choose-version.js";
import { PyvendorError } from "../errors.js";
import type { DistributionFile } from "../package-index/finder.js";
import type { Target } from "../python/target.js";
import { evaluateMarker } from "../standards/markers.js";
import { normalizeName } from "../standards/names.js";
import type { RequirementLine } from "../standards/requirements-file.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import { pinnedVersion, versionSatisfies } from "../standards/version.js";
import { pinChain, type MissingDependency } from "./closure.js";
import type { Pin } from "./plan.js";
import { formatControl, type BinaryPolicy } from "./select.js";

export interface PinContext {
  targets: Target[];
  /** Every non-yanked file of a project on the indexes. */
  listFiles(project: string): Promise<DistributionFile[]>;
  /** Constraints (-c): they narrow, or pin, the versions chosen for dependencies. */
  constraints: RequirementLine[];
  pre: boolean;
  /** --strict: refuse unpinned dependencies (listing the pins to add) instead of pinning them. */
  strict: boolean;
  policy: BinaryPolicy;
}

export interface PinUpdate {
  /** New pins, `requested: false`, with `via` set. */
  added: Pin[];
  /** Existing pins that must also serve more targets (the version satisfies every requirement). */
  extended: { pin: Pin; targets: string[] }[];
}

const where = (pin: Pin, pins: Pin[]) =>
  pin.source ? `${pin.source.file}:${pin.source.line}` : pin.via ? `for ${pinChain(pin.name, pins)}` : "by the requirements";

/** `demo-app 1.0.0 → greeter>=2 ; but greeter is pinned to 1.0.0 (requirements.txt:3)` lines for conflicts. */
function conflictError(lines: string[], data: Record<string, unknown>): PyvendorError {
  return new PyvendorError("E_DEPENDENCY_CONFLICT", `The pins do not satisfy every dependency:\n${[...new Set(lines)].join("\n")}`, { data });
}

function usableFor(target: Target, control: ReturnType<typeof formatControl>): (f: DistributionFile) => boolean {
  return (f) => {
    if (f.kind === "sdist") return control !== "only-binary" && /\.(tar\.gz|tgz|zip)$/i.test(f.filename);
    if (control === "no-binary") return false;
    return wheelTagRank(parseWheelFilename(f.filename).tags, target.supportedTags) !== undefined;
  };
}

/** Constraints that apply to `name` on any of `targets`: specifiers and the line they come from. */
function constraintsFor(name: string, targets: Target[], lines: RequirementLine[]): { specifier: string; where: string }[] {
  return lines
    .filter((l) => normalizeName(l.requirement.name) === name)
    .filter((l) => !l.requirement.marker || targets.some((t) => evaluateMarker(l.requirement.marker!, { ...t.markers, extra: "" })))
    .map((l) => ({ specifier: l.requirement.specifier, where: `${l.source.file}:${l.source.line}` }));
}

/**
 * Answers the closure's `missing` list: a pinned package that does not satisfy a requirement is
 * E_DEPENDENCY_CONFLICT (with the chain of requirements); a pinned package missing only for some
 * targets is extended to them; an unpinned one is pinned to the highest version on the index
 * that satisfies every requirement and constraint and serves every target that needs it
 * (E_NO_MATCHING_DISTRIBUTION when none does), or, with `strict`, E_UNPINNED_REQUIREMENT listing
 * the `name==version` lines to add.
 */
export async function pinDependencies(pins: Pin[], missing: MissingDependency[], ctx: PinContext): Promise<PinUpdate> {
  const byName = new Map(pins.map((p) => [p.name, p]));
  const groups = new Map<string, MissingDependency[]>();
  for (const m of missing) groups.set(m.name, [...(groups.get(m.name) ?? []), m]);
  const conflicts: string[] = [];
  const update: PinUpdate = { added: [], extended: [] };
  const unpinned: { line: string; chain: string }[] = [];
  for (const [name, items] of groups) {
    const chainOf = (m: MissingDependency) => `${pinChain(m.requiredBy, pins)} → ${m.requirement}`;
    const pin = byName.get(name);
    if (pin) {
      const bad = items.filter((m) => m.specifier && !versionSatisfies(pin.version, m.specifier, { prereleases: true }));
      for (const m of bad) conflicts.push(`${chainOf(m)} ; but ${name} is pinned to ${pin.version} (${where(pin, pins)})`);
      const more = [...new Set(items.filter((m) => m.pinned === undefined).map((m) => m.target))].filter((t) => !pin.targets.includes(t));
      if (bad.length === 0 && more.length > 0) update.extended.push({ pin, targets: more.sort() });
      continue;
    }
    const targets = ctx.targets.filter((t) => items.some((m) => m.target === t.manifest.id));
    const constraints = constraintsFor(name, targets, ctx.constraints);
    const specifiers = [...new Set([...items.map((m) => m.specifier), ...constraints.map((c) => c.specifier)])];
    const pinnedBy = constraints.find((c) => c.specifier !== "" && pinnedVersion(c.specifier) !== undefined);
    if (pinnedBy) {
      const version = pinnedVersion(pinnedBy.specifier) as string;
      const bad = items.filter((m) => m.specifier && !versionSatisfies(version, m.specifier, { prereleases: true }));
      for (const m of bad) conflicts.push(`${chainOf(m)} ; but ${name} is constrained to ${version} (${pinnedBy.where})`);
      if (bad.length) continue;
    }
    const control = formatControl(ctx.policy, name);
    const extras = [...new Set(items.flatMap((m) => m.extras))].sort();
    const first = items[0] as MissingDependency;
    const label = `${name}${extras.length ? `[${extras.join(",")}]` : ""}`;
    let files: DistributionFile[];
    try {
      files = await ctx.listFiles(name);
    } catch (err: unknown) {
      if (!ctx.strict) throw err;
      unpinned.push({ line: `${label}${specifiers.filter(Boolean).join(",")}`, chain: `${chainOf(first)} (the index could not say which version)` });
      continue;
    }
    const chosen = chooseVersion(files, {
      specifiers,
      pre: ctx.pre,
      targets: targets.map((t) => ({ pythonVersion: t.info.version, usable: usableFor(t, control) })),
    });
    if (!chosen) {
      const asked = items.map(chainOf);
      const withConstraints = constraints.length ? `, constraints ${constraints.map((c) => `${c.specifier} (${c.where})`).join(", ")}` : "";
      if (specifiers.filter(Boolean).length > 1) {
        conflicts.push(`no version of ${name} satisfies all of: ${[...new Set(asked)].join("; ")}${withConstraints} (the index has ${offeredVersions(files).join(", ") || "none"})`);
        continue;
      }
      throw new PyvendorError(
        "E_NO_MATCHING_DISTRIBUTION",
        `No version of ${name} on the index satisfies ${[...new Set(asked)].join("; ")}${withConstraints} for ${targets.map((t) => t.manifest.id).join(", ")} (it has ${offeredVersions(files).join(", ") || "none"})`,
        { data: { project: name, specifiers } },
      );
    }
    if (ctx.strict) {
      unpinned.push({ line: `${label}==${chosen.version}`, chain: chainOf(first) });
      continue;
    }
    update.added.push({
      name,
      version: chosen.version,
      extras,
      hashes: [],
      requested: false,
      targets: targets.map((t) => t.manifest.id).sort(),
      via: { parent: first.requiredBy, requirement: first.requirement },
    });
  }
  if (conflicts.length) throw conflictError(conflicts, { conflicts });
  if (unpinned.length) {
    const width = Math.max(...unpinned.map((u) => u.line.length));
    throw new PyvendorError(
      "E_UNPINNED_REQUIREMENT",
      `${unpinned.length} ${unpinned.length === 1 ? "dependency is" : "dependencies are"} not pinned (--strict); add:\n${unpinned.map((u) => `${u.line.padEnd(width)}  # ${u.chain}`).join("\n")}`,
      {
        hint: "Add these lines to the requirements file (their own dependencies may need pins too), or pack without --strict to pin them from the index.",
        data: { lines: unpinned.map((u) => u.line) },
      },
    );
  }
  return update;
}
