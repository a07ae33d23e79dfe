// `pyvendor verify`: check a bundle completely and list every problem.
import type { Command } from "commander";
import { runCommand, type GlobalFlags } from "../run.js";

export function defineVerify(program: Command): void {
  program
    .command("verify")
    .summary("check a bundle: schema, every file's size and sha256, no missing or extra files, the id")
    .description(
      "Check a bundle (directory, .tar.gz or .zip) completely, offline: the manifest against its schema, " +
        "every listed file's size and sha256, that no file is missing or extra, the lock files and the content id. " +
        "Exits 0 when it is intact, 1 with the list of every problem otherwise.",
    )
    .argument("<bundle>", "the bundle to check")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor verify vendor/python
  $ pyvendor verify app-bundle.tar.gz --json`,
    )
    .action(async (bundle: string, _flags: unknown, command: Command) => {
      await runCommand("verify", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { verifyBundle } = await import("../../bundle/verify.js");
        const report = await verifyBundle(bundle);
        if (report.ok) {
          return { result: report, lines: [`ok: ${report.path} (${report.kind}), ${report.verified} files verified, id ${report.id ?? "?"}`] };
        }
        const lines = [`${report.problems.length} problem(s) in ${report.path}:`];
        for (const p of report.problems) {
          // Most messages already say what was expected and found (a hash mismatch names both): not twice.
          const said = p.expected !== undefined && p.message.includes(String(p.expected));
          const detail = p.expected !== undefined && !said ? ` (expected ${p.expected}, found ${p.actual ?? "nothing"})` : "";
          lines.push(`  ${p.path}: ${p.message}${detail} [${p.code}]`);
        }
        return { result: report, lines, exitCode: 1 };
      });
    });
}
