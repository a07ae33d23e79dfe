// `pyvendor install`: options, help and the summary it prints (into a venv, or as a release under a root).
import { InvalidArgumentError, type Command } from "commander";
import { collect, positiveInt } from "../option-parsers.js";
import type { GlobalFlags } from "../run.js";
import { runInstallRelease, runInstallVenv, type InstallFlags } from "./install-action.js";

/** Parses --keep: an integer >= 0. */
function keepCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || value.trim() === "") throw new InvalidArgumentError(`expected an integer >= 0, got "${value}"`);
  return n;
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
    .option("--link-mode <mode>", "auto (a reflink where the file system has it, else a copy), reflink, copy, or hardlink (fastest, but shares files with the store and other venvs: a write through one reaches them) (default: auto)")
    .option("--compile", "compile bytecode after installing")
    .option("--relocatable", "write scripts and activation files that work from any path")
    .option("--check-imports", "import every top-level module in the new venv before finishing")
    .option("--with-pip", "put pip into the venv (the bundle's, else the interpreter's own bundled wheel; offline)")
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
      if (flags.releases !== undefined) {
        await runInstallRelease(bundle, flags, globals);
        return;
      }
      await runInstallVenv(bundle, flags, globals);
    });
}
