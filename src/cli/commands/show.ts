// `pyvendor show`: a bundle's name, id, targets and a table of its packages.
import type { Command } from "commander";
import { describeResolution, formatBytes, formatTable } from "../format.js";
import { runCommand, type GlobalFlags } from "../run.js";

export function defineShow(program: Command): void {
  program
    .command("show")
    .summary("describe a bundle: targets and a table of packages")
    .description("Describe a bundle: its name, version, id, targets, and its packages with versions, wheel tags, sizes and the system libraries they need.")
    .argument("<bundle>", "a bundle directory, .tar.gz or .zip")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor show vendor/python
  $ pyvendor show app-bundle.zip --json`,
    )
    .action(async (bundle: string, _flags: unknown, command: Command) => {
      await runCommand("show", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { showBundle } = await import("../../bundle/show.js");
        const s = await showBundle(bundle);
        const label = [s.name, s.version].filter(Boolean).join(" ");
        const lines = [
          `bundle ${label ? `${label} ` : ""}(${s.kind}) ${s.path}`,
          `id       ${s.id}`,
          `format   ${s.format}, written by ${s.generator}${s.created ? ` at ${s.created}` : ""}`,
          `targets  ${s.targets.map((t) => `${t.id} (${t.implementation} ${t.pythonVersion}${t.glibc ? `, glibc ${t.glibc}` : ""})`).join(", ")}`,
          `input    ${s.requirements.length} requirement${s.requirements.length === 1 ? "" : "s"}, ${describeResolution(s.resolution)}`,
          "",
          ...formatTable([
            ["package", "version", "kind", "tags", "size", "system libraries"],
            ...s.packages.map((p) => [p.name, p.version, p.kind, p.tags.join(" "), formatBytes(p.size), p.systemLibraries.join(", ") || "-"]),
          ]),
          "",
          `${s.totals.packages} packages (${s.totals.requested} requested), ${s.totals.wheels} wheels, ${formatBytes(s.totals.bytes)}`,
        ];
        return { result: s, lines };
      });
    });
}
