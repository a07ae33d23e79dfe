// The pyvendor program: root description, global flags and the table of commands.
import { Command } from "commander";
import { packageVersion } from "../version.js";
import { defineCache } from "./commands/cache.js";
import { defineInstall } from "./commands/install.js";
import { defineConfig } from "./commands/config.js";
import { defineDiff } from "./commands/diff.js";
import { defineExport } from "./commands/export.js";
import { defineLock } from "./commands/lock.js";
import { definePack } from "./commands/pack.js";
import { defineReleases } from "./commands/releases.js";
import { defineRollback } from "./commands/rollback.js";
import { defineShow } from "./commands/show.js";
import { defineVerify } from "./commands/verify.js";

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
    .exitOverride()
    // Usage errors are printed by main() in pyvendor's error format.
    .configureOutput({ outputError: () => {} });
  definePack(program);
  defineLock(program);
  defineInstall(program);
  defineRollback(program);
  defineReleases(program);
  defineVerify(program);
  defineShow(program);
  defineDiff(program);
  defineExport(program);
  defineConfig(program);
  defineCache(program);
  program.addHelpText(
    "after",
    `
Examples:
  $ pyvendor pack -r requirements.txt -o vendor/python
  $ pyvendor install vendor/python --venv .venv
  $ pyvendor install app-bundle.tar.gz --releases /srv/app
  $ pyvendor rollback /srv/app
  $ pyvendor verify app-bundle.tar.gz`,
  );
  return program;
}

