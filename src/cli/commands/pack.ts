// `pyvendor pack`: options, help and the summary it prints.
import { InvalidArgumentError, Option, type Command } from "commander";
import { shortBundleId } from "../../bundle/manifest.js";
import { formatMs } from "../format.js";
import { collect, positiveInt } from "../option-parsers.js";
import { runCommand, type GlobalFlags } from "../run.js";
import type { S3SettingsInput } from "../../cache/s3-settings.js";
import type { SettingValue } from "../config/load.js";
import { addIndexOptionsTo } from "../index-options.js";
import { addS3OptionsTo, remoteCacheLines, s3SettingsInput } from "../s3-options.js";

export interface PackFlags {
  requirement?: string[];
  output?: string;
  format?: "dir" | "tar.gz" | "zip";
  python?: string[];
  indexUrl?: string;
  extraIndexUrl?: string[];
  findLinks?: string[];
  index: boolean;
  trustedHost?: string[];
  cert?: string;
  proxy?: string;
  timeout?: number;
  retries?: number;
  indexFor?: string[];
  offline?: boolean;
  refresh?: boolean;
  cacheDir?: string;
  jobs?: number;
  name?: string;
  bundleVersion?: string;
  withSources?: boolean;
  onlyBinary?: string[];
  noBinary?: string[];
  preferBinary?: boolean;
  configSetting?: string[];
  buildIsolation: boolean;
  buildFrontend?: "pyvendor" | "pip";
  strict?: boolean;
  upgrade?: boolean;
  upgradePackage?: string[];
  pre?: boolean;
  checkReproducible?: boolean;
  constraint?: string[];
}

function indexFor(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`--index-for takes NAME=URL, got "${pair}"`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

function configSettings(pairs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    (out[key] ??= []).push(eq < 0 ? "" : pair.slice(eq + 1));
  }
  return out;
}

/** pip's --no-binary: commander would read a `--no-` flag as a negation, so turn that off. */
function noBinaryOption(): Option {
  const option = new Option("--no-binary <names>", "never use wheels from the index for these (or :all:); repeatable");
  option.negate = false;
  option.attributeName = () => "noBinary";
  return option.argParser(collect);
}

/**
 * The settings pack's flags give (undefined where not given), keyed like the settings: the
 * "flags" level of the precedence. `pyvendor config` takes the same flags to show that level.
 */
export function packSettingFlags(
  flags: Partial<PackFlags> & { linkMode?: string; compile?: boolean },
  s3: S3SettingsInput,
  flagValues: (entries: Record<string, SettingValue | undefined>) => Record<string, SettingValue | undefined>,
): Record<string, SettingValue | undefined> {
  return flagValues({
    "index-url": flags.indexUrl,
    "extra-index-url": flags.extraIndexUrl,
    "find-links": flags.findLinks,
    "no-index": flags.index === false ? true : undefined,
    "trusted-host": flags.trustedHost,
    cert: flags.cert,
    proxy: flags.proxy,
    timeout: flags.timeout,
    retries: flags.retries,
    jobs: flags.jobs,
    offline: flags.offline,
    "cache-dir": flags.cacheDir,
    python: flags.python,
    requirements: flags.requirement,
    output: flags.output,
    format: flags.format,
    name: flags.name,
    "with-sources": flags.withSources,
    "only-binary": flags.onlyBinary,
    "no-binary": flags.noBinary,
    "prefer-binary": flags.preferBinary,
    "build-frontend": flags.buildFrontend,
    strict: flags.strict,
    pre: flags.pre,
    "s3.bucket": s3.bucket,
    "s3.prefix": s3.prefix,
    "s3.endpoint-url": s3.endpoint,
    "s3.region": s3.region,
    "s3.read-only": s3.readOnly,
    "s3.path-style": s3.pathStyle,
    "s3.timeout": s3.timeoutMs === undefined ? undefined : s3.timeoutMs / 1000,
    "s3.retries": s3.retries,
    "s3.require": s3.require,
    "link-mode": flags.linkMode,
    compile: flags.compile,
  });
}

export function definePack(program: Command): void {
  const command = program
    .command("pack")
    .summary("download, build and write a bundle from requirements (loose ones are resolved)")
    .description(
      "Read requirements, download their sdists from the index, build wheels for each target " +
        "interpreter and write a versioned bundle (a directory, .tar.gz or .zip) with a manifest. " +
        "Loose requirements (a requirements.in) are resolved first, as `pyvendor lock` does; packing " +
        "again into the same bundle keeps its pins while they still fit (--upgrade, --upgrade-package " +
        "let them move). --strict packs pinned requirements only.",
    )
    .argument("[requirements...]", "inline requirements, e.g. requests==2.31.0 or requests>=2")
    .option("-r, --requirement <file>", "a requirements file (pip's format); repeatable", collect)
    .option("-c, --constraint <file>", "a constraints file: pins or narrows the dependencies pack adds; repeatable", collect)
    .option("-o, --output <path>", "the bundle to write: a directory, or a path ending in .tar.gz or .zip (or `output` in the config)")
    .option("--format <format>", "dir, tar.gz or zip (default: from the output name)")
    .option("--python <python>", "target interpreter: a version (3.12), a name (python3.12) or a path; repeatable", collect);
  addIndexOptionsTo(command)
    .option("--index-for <name=url>", "ask only this index for this project; repeatable", collect)
    .option("--offline", "never use the network: everything must be in the cache (a pin takes its cached files from any index)")
    .option("--refresh", "ask the index again even for releases already in the cache")
    .option("--cache-dir <dir>", "the cache directory (default: $PYVENDOR_CACHE_DIR or ~/.cache/pyvendor)")
    .option("-j, --jobs <n>", "parallel downloads and builds (default: number of cores)", positiveInt)
    .option("--name <name>", "a name for the bundle (used in release directory names)")
    .option("--bundle-version <version>", "a version label for the bundle")
    .option("--with-sources", "also put the sdists into the bundle (sources/)")
    .option("--only-binary <names>", "use wheels from the index for these (or :all:); repeatable", collect)
    .addOption(noBinaryOption())
    .option("--prefer-binary", "use compatible wheels from the index where they exist")
    .option("-C, --config-setting <key=value>", "PEP 517 config setting for builds; repeatable", collect)
    .option("--no-build-isolation", "build against the target interpreter's own packages")
    .addOption(
      // No commander default: an unset flag must leave PYVENDOR_BUILD_FRONTEND and the config files in charge.
      new Option("--build-frontend <name>", "pyvendor (cached build environments, parallel) or pip (pip wheel --no-deps) (default: pyvendor)")
        .choices(["pyvendor", "pip"]),
    )
    .option("--strict", "pinned requirements only: refuse loose ones and dependencies the requirements do not pin, listing the pins to add")
    .option("-U, --upgrade", "resolving: forget the pins of the bundle at the output (the newest versions that fit)")
    .option("-P, --upgrade-package <name>", "resolving: let this project move from the bundle's pin; repeatable", collect)
    .option("--pre", "allow pre-releases when pinning dependencies and build requirements")
    .option("--check-reproducible", "build every sdist twice (once more when cached) and fail naming the files that differ")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor pack -r requirements.txt -o vendor/python
  $ pyvendor pack -r requirements.in -o vendor/python --upgrade-package requests
  $ pyvendor pack -r requirements.txt --python 3.11 --python 3.12 -o app-bundle.tar.gz
  $ pyvendor pack -r requirements.txt -c constraints.txt --strict -o vendor/python
  $ pyvendor pack -r requirements.txt --check-reproducible -o vendor/python
  $ pyvendor pack requests==2.31.0 certifi==2024.2.2 -o bundle --index-url https://pypi.example.com/simple/`,
    )
    .action(async (specs: string[], flags: PackFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalFlags>();
      await runCommand("pack", globals, async (output) => {
        const [{ pack }, { resolveConfig }, { flagValues, indexInput, s3Input }, { PyvendorError }] = await Promise.all([
          import("../../pack/pipeline.js"),
          import("../config/resolve.js"),
          import("../config/apply.js"),
          import("../../errors.js"),
        ]);
        const split = (values: string[]) => values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
        const s3 = s3SettingsInput(command);
        const config = resolveConfig({
          env: process.env,
          cwd: process.cwd(),
          flags: packSettingFlags(flags, s3, flagValues),
        });
        const out = config.get<string>("output");
        if (!out) throw new PyvendorError("E_USAGE", "pack needs an output: -o PATH (or `output` in pyvendor.toml / [tool.pyvendor])");
        const requirementFiles = specs.length || flags.requirement?.length ? (flags.requirement ?? []) : (config.get<string[]>("requirements") ?? []);
        const format = config.get<string>("format") as PackFlags["format"];
        const jobs = config.get<number>("jobs");
        const cacheDir = config.get<string>("cache-dir");
        const name = config.get<string>("name");
        const result = await pack({
          requirementFiles,
          constraintFiles: flags.constraint ?? [],
          requirements: specs,
          output: out,
          ...(format ? { format } : {}),
          pythons: config.get<string[]>("python") ?? [],
          index: {
            ...indexInput(config),
            ...(flags.indexFor?.length ? { indexFor: indexFor(flags.indexFor) } : {}),
            ...(flags.refresh ? { refresh: true } : {}),
          },
          ...(cacheDir ? { cacheDir } : {}),
          remoteCache: s3Input(config, s3.disabled ? { disabled: true } : {}),
          ...(jobs ? { jobs } : {}),
          ...(name ? { name } : {}),
          ...(flags.bundleVersion ? { version: flags.bundleVersion } : {}),
          withSources: Boolean(config.get<boolean>("with-sources")),
          onlyBinary: split(config.get<string[]>("only-binary") ?? []),
          noBinary: split(config.get<string[]>("no-binary") ?? []),
          preferBinary: Boolean(config.get<boolean>("prefer-binary")),
          configSettings: configSettings(flags.configSetting ?? []),
          noBuildIsolation: flags.buildIsolation === false,
          buildFrontend: (config.get<string>("build-frontend") as PackFlags["buildFrontend"]) ?? "pyvendor",
          strict: Boolean(config.get<boolean>("strict")),
          ...(flags.upgrade ? { upgrade: true } : {}),
          ...(flags.upgradePackage?.length ? { upgradePackages: flags.upgradePackage } : {}),
          pre: Boolean(config.get<boolean>("pre")),
          ...(flags.checkReproducible ? { checkReproducible: true } : {}),
          events: output.event,
        });
        const wheels = result.packages.reduce((n, p) => n + p.wheels.length, 0);
        const s = result.stats;
        return {
          result,
          lines: [
            `packed ${result.packages.length} packages (${wheels} wheels) for ${result.targets.join(", ")} into ${result.output}`,
            ...(result.resolution ? [`  resolved the requirements into ${result.resolution.pins} pins${result.resolution.kept ? ` (${result.resolution.kept} kept from the bundle)` : ""}`] : []),
            `  downloads: ${s.downloaded} fetched, ${s.fromCache} from cache; builds: ${s.built} built, ${s.buildsCached} from cache; ${s.wheelsDownloaded} wheels from the index`,
            ...(s.buildEnvsCreated + s.buildEnvsReused > 0 ? [`  build environments: ${s.buildEnvsCreated} created, ${s.buildEnvsReused} reused`] : []),
            ...result.notes.map((n) => `  note: ${n}`),
            `  files: ${result.written.length} written, ${result.reused.length} unchanged, ${result.removed.length} removed`,
            ...remoteCacheLines(result.remoteCache),
            `  bundle id ${shortBundleId(result.bundleId)} in ${formatMs(result.durationMs)}`,
          ],
        };
      });
    });
  addS3OptionsTo(program, "pack");
}
