// `pyvendor install`: options, help and the summary it prints (into a venv, or as a release under a root).
import { InvalidArgumentError, type Command } from "commander";
import { shortBundleId } from "../../bundle/manifest.js";
import type { EventSink } from "../../events.js";
import { formatMs } from "../format.js";
import { collect, positiveInt, runCommand, type GlobalFlags } from "../run.js";

/** Parses --keep: an integer >= 0. */
function keepCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || value.trim() === "") throw new InvalidArgumentError(`expected an integer >= 0, got "${value}"`);
  return n;
}

interface InstallFlags {
  venv?: string;
  releases?: string;
  check?: string[];
  keep?: number;
  wait?: boolean;
  python?: string;
  force?: boolean;
  cacheDir?: string;
  linkMode?: "auto" | "reflink" | "hardlink" | "copy";
  compile?: boolean;
  relocatable?: boolean;
  checkImports?: boolean;
  jobs?: number;
}

export function defineInstall(program: Command): void {
  program
    .command("install")
    .summary("restore a venv from a bundle, offline and verified")
    .description(
      "Verify a bundle (directory, .tar.gz or .zip) file by file and install it into a new virtualenv " +
        "with no network access. The venv is staged next to its destination and renamed into place. " +
        "With --releases, the venv is an immutable release ROOT/releases/<name>-<version>-<id> and " +
        "ROOT/current is switched to it atomically (a bundle already installed there is switched to at once).",
    )
    .argument("<bundle>", "the bundle to install")
    .option("--venv <dir>", "the virtualenv to create")
    .option("--releases <root>", "install as a release under ROOT/releases and point ROOT/current at it")
    .option("--check <command>", "with --releases: a shell command that must succeed in the new release before the switch; repeatable", collect)
    .option("--keep <n>", "with --releases: releases to keep (default 5; current and previous are always kept)", keepCount)
    .option("--no-wait", "with --releases: fail with E_LOCKED instead of waiting for another install or rollback")
    .option("--python <python>", "interpreter: a version (3.12), a name or a path (default: the bundle's Python)")
    .option("--force", "replace an existing venv (atomically)")
    .option("--cache-dir <dir>", "the cache directory (holds the unpacked-wheel store)")
    .option("--link-mode <mode>", "auto, reflink, hardlink or copy (default: auto)")
    .option("--compile", "compile bytecode after installing")
    .option("--relocatable", "write scripts and activation files that work from any path")
    .option("--check-imports", "import every top-level module in the new venv before finishing")
    .option("-j, --jobs <n>", "bytecode compile workers (with --compile; default: the number of cores)", positiveInt)
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor install vendor/python --venv .venv
  $ pyvendor install app-bundle.tar.gz --venv /srv/app/venv --python 3.12 --force
  $ pyvendor install bundle.zip --venv venv --compile --check-imports
  $ pyvendor install app-bundle.tar.gz --releases /srv/app --check 'app --version'`,
    )
    .action(async (bundle: string, flags: InstallFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalFlags>();
      await runCommand("install", globals, async (output) => {
        if (flags.releases !== undefined) return installAsRelease(bundle, flags, output.event);
        const { PyvendorError } = await import("../../errors.js");
        if (!flags.venv) {
          throw new PyvendorError("E_USAGE", "install needs a destination: --venv DIR (or --releases ROOT)");
        }
        if (flags.check || flags.keep !== undefined || flags.wait === false) {
          throw new PyvendorError("E_USAGE", "--check, --keep and --no-wait go with --releases ROOT, not --venv");
        }
        const { install } = await import("../../install.js");
        const result = await install({
          bundle,
          venv: flags.venv,
          ...(await common(flags)),
          force: Boolean(flags.force),
          events: output.event,
        });
        return {
          result,
          lines: [
            `installed ${result.packages.length} packages (${result.files} files) into ${result.venv} in ${formatMs(result.durationMs)}`,
            `  python ${result.python} (${result.target}), bundle id ${shortBundleId(result.bundleId)}`,
          ],
        };
      });
    });
}

/** Options shared by --venv and --releases: flags, then PYVENDOR_* and config files (one precedence). */
async function common(flags: InstallFlags) {
  const { resolveConfig } = await import("../config/resolve.js");
  const { flagValues } = await import("../config/apply.js");
  const config = resolveConfig({
    env: process.env,
    cwd: process.cwd(),
    flags: flagValues({
      python: flags.python ? [flags.python] : undefined,
      "cache-dir": flags.cacheDir,
      "link-mode": flags.linkMode,
      compile: flags.compile,
      jobs: flags.jobs,
    }),
  });
  const python = config.get<string[]>("python")?.[0];
  const cacheDir = config.get<string>("cache-dir");
  const linkMode = config.get<string>("link-mode") as InstallFlags["linkMode"];
  const jobs = config.get<number>("jobs");
  return {
    ...(python ? { python } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(linkMode ? { linkMode } : {}),
    compile: Boolean(config.get<boolean>("compile")),
    relocatable: Boolean(flags.relocatable),
    checkImports: Boolean(flags.checkImports),
    ...(jobs ? { jobs } : {}),
  };
}

/** `install --releases`: loads only the deploy code unless the release has to be built. */
async function installAsRelease(bundle: string, flags: InstallFlags, event: EventSink) {
  if (flags.venv !== undefined || flags.force) {
    const { PyvendorError } = await import("../../errors.js");
    throw new PyvendorError(
      "E_USAGE",
      flags.force ? "--force does not go with --releases: releases are immutable (a damaged one is rebuilt)" : "give either --venv or --releases, not both",
    );
  }
  const { installRelease } = await import("../../install/releases.js");
  const result = await installRelease({
    bundle,
    releases: flags.releases as string,
    ...(await common(flags)),
    ...(flags.check ? { checks: flags.check } : {}),
    ...(flags.keep !== undefined ? { keep: flags.keep } : {}),
    ...(flags.wait === false ? { wait: false } : {}),
    events: event,
  });
  const lines = [
    result.reused
      ? `switched to release ${result.release} (already installed and intact) in ${formatMs(result.durationMs)}`
      : `installed release ${result.release} (${result.packages.length} package${result.packages.length === 1 ? "" : "s"}, ${result.files} files) in ${formatMs(result.durationMs)}`,
    `  current -> releases/${result.current}${result.from && result.from !== result.current ? ` (was ${result.from})` : ""}`,
  ];
  if (result.removed.length > 0) lines.push(`  removed old releases: ${result.removed.join(", ")}`);
  return { result, lines };
}
