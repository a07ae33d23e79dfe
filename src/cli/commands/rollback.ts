// `pyvendor rollback`: switch back to an earlier release (options and help; the work is in rollback-action.ts).
import type { Command } from "commander";
import type { GlobalFlags } from "../run.js";
import { runRollback, type RollbackFlags } from "./rollback-action.js";

export function defineRollback(program: Command): void {
  program
    .command("rollback")
    .summary("switch ROOT/current back to the previous release")
    .description(
      "Point ROOT/current at the release it pointed at before the present one (atomically), or at the " +
        "release named with --to. Nothing is installed: the release is already there.",
    )
    .argument("<root>", "the releases root (given to install --releases)")
    .option("--to <release>", "the release to switch to: its name, or a unique prefix of its name or bundle id")
    .option("--no-wait", "fail with E_LOCKED instead of waiting for another install or rollback")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor rollback /srv/app
  $ pyvendor rollback /srv/app --to app-1.4.0-3f2a9c81d0e4`,
    )
    .action(async (root: string, flags: RollbackFlags, command: Command) => {
      await runRollback(root, flags, command.optsWithGlobals<GlobalFlags>());
    });
}
