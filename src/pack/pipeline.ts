// The pack pipeline (orchestration only): inputs → plan → (fetch → build → close)* → write bundle.
import path from "node:path";
import { createSystemPackages } from "../build/system-packages.js";
import { checkBundleOutput, parseSourceDateEpoch, writeBundle } from "../bundle/write.js";
import { openCache, resolveCacheDir } from "../cache/cache.js";
import { resolveS3Settings } from "../cache/s3-settings.js";
import { PyvendorError } from "../errors.js";
import { silentSink, timed } from "../events.js";
import { createFinder } from "../package-index/finder.js";
import { resolveIndexSettings } from "../package-index/settings.js";
import { resolveTarget, type Target } from "../python/target.js";
import { assembleBundle, packResult } from "./contents.js";
import { frontendFor, openWorkDir, roundPorts, type PackContext } from "./context.js";
import { effectiveSettings, type EffectiveSettings } from "./effective-settings.js";
import { readPackInputs, type PackInputs } from "./inputs.js";
import { createLibraryScanner } from "./libraries.js";
import type { PackOptions, PackResult } from "./options.js";
import { bundlePins, hasLooseLines, manifestResolution, pinsFromResolution, whyNotResolve } from "./loose.js";
import { checkConstraints, mergePinSets, planPins, type Pin } from "./plan.js";
import { pylockLines } from "./pylock-input.js";
import { keptPins, resolveStep } from "./resolve-step.js";
import { runRounds } from "./rounds.js";

export type { PackOptions, PackResult } from "./options.js";

/** The target interpreters of `specs` (default python3), each once. */
export async function findTargets(specs: string[], options: { env: NodeJS.ProcessEnv; cacheDir: string }): Promise<Target[]> {
  const resolved: Target[] = [];
  for (const spec of specs.length ? specs : ["python3"]) {
    const target = await resolveTarget(spec, options);
    if (!resolved.some((t) => t.manifest.id === target.manifest.id)) resolved.push(target);
  }
  return resolved;
}

/**
 * Step "plan" for pinned requirements: one pin per package (a pylock.toml's per target), checked
 * against the constraints. Loose lines that are not resolved (see whyNotResolve) are
 * E_UNPINNED_REQUIREMENT, the hint saying why they were not resolved.
 */
function planPinned(inputs: PackInputs, targets: Target[], whyNot: string | undefined): Pin[] {
  let pins: Pin[];
  try {
    pins =
      inputs.pylocks.length === 0
        ? planPins(inputs.lines, targets)
        : mergePinSets(targets.map((t) => planPins([...inputs.lines, ...inputs.pylocks.flatMap((lock) => pylockLines(lock, t))], [t])));
  } catch (err: unknown) {
    if (err instanceof PyvendorError && err.code === "E_UNPINNED_REQUIREMENT" && whyNot) {
      throw new PyvendorError(err.code, err.message, { data: err.data, hint: `pack resolves loose requirements, but not here: ${whyNot}. Pin them with name==version (\`pyvendor lock\` writes the pins).` });
    }
    throw err;
  }
  checkConstraints(pins, inputs.constraints, targets);
  return pins;
}

/**
 * Step "plan": the target interpreters, and either the pins the requirements give (`pinned`) or,
 * when loose requirements are to be resolved, the pins of the bundle already at the output that
 * the resolution should keep (`earlier`, name → version).
 */
async function planPack(p: { options: PackOptions; inputs: PackInputs; effective: EffectiveSettings; env: NodeJS.ProcessEnv; cwd: string }): Promise<{ targets: Target[]; pinned?: Pin[]; earlier: Record<string, string> }> {
  const { options, inputs, effective, env } = p;
  const targets = await findTargets(options.pythons ?? [], { env, cacheDir: resolveCacheDir({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env }) });
  const whyNot = whyNotResolve(inputs, { strict: Boolean(options.strict), requireHashes: effective.requireHashes });
  if (!hasLooseLines(inputs) || whyNot !== undefined) {
    const pinned = planPinned(inputs, targets, whyNot);
    checkRequiredHashes(pinned, effective.requireHashes);
    return { targets, pinned, earlier: {} };
  }
  return { targets, earlier: keptPins(await bundlePins(path.resolve(p.cwd, options.output)), options) };
}

/** --require-hashes (in a requirements file): every pin must carry a hash. */
function checkRequiredHashes(pins: Pin[], required: boolean): void {
  const bare = required ? pins.filter((p) => p.hashes.length === 0).map((p) => `${p.name}==${p.version}`) : [];
  if (bare.length) throw new PyvendorError("E_HASH_REQUIRED", `--require-hashes is on and these have no --hash: ${bare.join(", ")}`);
}

/** Packs the requirements into a bundle. See PackOptions; throws PyvendorError on user errors. */
export async function pack(options: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  // Checked before any work; writeBundle sets the manifest's `created` and archive times from it.
  const sourceDateEpoch = parseSourceDateEpoch(env.SOURCE_DATE_EPOCH);
  // The output too: a path mistake is reported before any download or build.
  await checkBundleOutput(path.resolve(cwd, options.output), options.format);

  const inputs = await timed(events, "inputs", async () =>
    readPackInputs({ requirementFiles: options.requirementFiles ?? [], constraintFiles: options.constraintFiles ?? [], specs: options.requirements ?? [], env, cwd }),
  );
  if (inputs.lines.length === 0 && inputs.pylocks.length === 0) throw new PyvendorError("E_USAGE", "Nothing to pack: give requirements with -r FILE or as arguments");
  const effective = effectiveSettings(inputs.options, options);
  const { targets, pinned, earlier } = await timed(events, "plan", () => planPack({ options, inputs, effective, env, cwd }));
  const settings = resolveIndexSettings(effective.index, env);
  const remote = settings.offline ? undefined : resolveS3Settings(options.remoteCache ?? {}, env);
  const cache = await openCache({ ...(options.cacheDir ? { dir: options.cacheDir } : {}), env, remote, events });
  const work = await openWorkDir(cache.dir);
  try {
    const c: PackContext = { options, inputs, targets, effective, settings, cache, finder: createFinder(settings, { cache, events }), events, env, workDir: work.dir };
    const packages = createSystemPackages();
    const { frontend, stats: envStats } = frontendFor(c, packages);
    const scanLibraries = createLibraryScanner(targets, packages);
    const resolved = pinned ? undefined : await resolveStep(c, { frontend, scanLibraries, metadataBy: "build" }, earlier);
    const pins = resolved ? pinsFromResolution(resolved, inputs, targets) : (pinned ?? []);
    if (resolved) c.resolution = manifestResolution(inputs, effective.pre, targets);
    const rounds = await runRounds(pins, targets, roundPorts(c, frontend, scanLibraries), events);
    const bundle = await assembleBundle(c, rounds, scanLibraries);
    const written = await timed(events, "write", () =>
      writeBundle({
        output: path.resolve(cwd, options.output),
        ...(options.format ? { format: options.format } : {}),
        manifest: bundle.manifest,
        files: bundle.files,
        ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
      }),
    );
    const resolution = resolved && { resolution: { pins: pins.length, kept: pins.filter((p) => earlier[p.name] === p.version).length }, resolutionBuilds: resolved.builds };
    return packResult({ targets, rounds, bundle, written, ...resolution, envs: await envStats(), ...(cache.remote ? { remoteCache: await cache.remote.finish() } : {}), started });
  } finally {
    await work.close();
  }
}
