// The pyvendor program: root description, global flags and the table of commands.
import { Command } from "commander";
import { packageVersion } from "../version.js";
import { defineCache } from "./commands/cache.js";
import { defineInstall } from "./commands/install.js";
import { definePack } from "./commands/pack.js";

/** Builds the commander program (exported for the help tests). */
export function buildProgram(): Command {
  const program = new Command("pyvendor");
  program
    .description(
      "Pack pinned Python dependencies into a verified, versioned bundle; install it offline, fast and atomically.",
    )
    .version(packageVersion(), "-V, --version", "print the pyvendor version")
    .option("--json", "print one JSON document with the result (progress events on stderr with -v)")
    .option("-q, --quiet", "print only errors and the final result")
    .option("-v, --verbose", "print debug details (and stack traces of unexpected errors)")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // Usage errors are printed by main() in pyvendor's error format.
    .configureOutput({ outputError: () => {} });
  definePack(program);
  defineInstall(program);
  defineCache(program);
  program.addHelpText(
    "after",
    `
Examples:
  $ pyvendor pack -r requirements.txt -o vendor/python
  $ pyvendor install vendor/python --venv .venv
  $ pyvendor install app-bundle.tar.gz --releases /srv/app`,
  );
  return program;
}

