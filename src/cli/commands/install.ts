// `pyvendor install`: options, help and the summary it prints.
import type { Command } from "commander";
import { shortBundleId } from "../../bundle/manifest.js";
import { formatMs } from "../format.js";
import { positiveInt, runCommand, type GlobalFlags } from "../run.js";

interface InstallFlags {
  venv?: string;
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
        "with no network access. The venv is staged next to its destination and renamed into place.",
    )
    .argument("<bundle>", "the bundle to install")
    .option("--venv <dir>", "the virtualenv to create")
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
  $ pyvendor install bundle.zip --venv venv --compile --check-imports`,
    )
    .action(async (bundle: string, flags: InstallFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalFlags>();
      await runCommand("install", globals, async (output) => {
        const { PyvendorError } = await import("../../errors.js");
        if (!flags.venv) {
          throw new PyvendorError("E_USAGE", "install needs a destination: --venv DIR (or --releases ROOT)");
        }
        const { install } = await import("../../install.js");
        const result = await install({
          bundle,
          venv: flags.venv,
          ...(flags.python ? { python: flags.python } : {}),
          force: Boolean(flags.force),
          ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
          ...(flags.linkMode ? { linkMode: flags.linkMode } : {}),
          compile: Boolean(flags.compile),
          relocatable: Boolean(flags.relocatable),
          checkImports: Boolean(flags.checkImports),
          ...(flags.jobs ? { jobs: flags.jobs } : {}),
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
