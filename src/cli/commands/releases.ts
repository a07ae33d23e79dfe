// `pyvendor releases`: the releases of a root, oldest first, the current one marked.
import type { Command } from "commander";
import { runCommand, type GlobalFlags } from "../run.js";

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
      await runCommand("releases", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { releasesStatus } = await import("../../deploy/status.js");
        const status = releasesStatus(root);
        const width = Math.max(0, ...status.releases.map((r) => r.name.length));
        const lines = status.releases.map(
          (r) =>
            `${r.current ? "*" : r.previous ? "-" : " "} ${r.name.padEnd(width)}  ${r.installedAt}  python ${r.pythonVersion}  ` +
            `${r.packages} package${r.packages === 1 ? "" : "s"}  ${r.bundleId.replace(/^sha256:/, "").slice(0, 12)}${r.relocatable ? "  relocatable" : ""}`,
        );
        if (status.releases.length === 0) lines.push(`no releases in ${status.root}`);
        for (const name of status.incomplete) lines.push(`  ${name} (incomplete: being installed, or left by a killed run)`);
        return { result: status, lines };
      });
    });
}
