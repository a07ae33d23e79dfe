// `pyvendor releases`: the releases of a root, oldest first, the current one marked.
import type { Command } from "commander";
import type { GlobalFlags } from "../run.js";
import { runReleases } from "./rollback-action.js";

export function defineReleases(program: Command): void {
  program
    .command("releases")
    .summary("list the releases of a releases root")
    .description("List the releases under ROOT/releases, oldest first: * marks the current one, - the one rollback goes to.")
    .argument("<root>", "the releases root (given to install --releases)")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor releases /srv/app
  $ pyvendor releases /srv/app --json`,
    )
    .action(async (root: string, _flags: unknown, command: Command) => {
      await runReleases(root, command.optsWithGlobals<GlobalFlags>());
    });
}
