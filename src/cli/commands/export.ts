// `pyvendor export`: a bundle's pins for other tools (requirements with hashes, or pylock.toml).
import { Option, type Command } from "commander";
import { runCommand, type GlobalFlags } from "../run.js";

interface ExportFlags {
  format: "requirements" | "pylock";
  absolutePaths?: boolean;
  output?: string;
}

export function defineExport(program: Command): void {
  program
    .command("export")
    .summary("print a bundle's pins as requirements (with hashes) or as pylock.toml")
    .description("Print the bundle's pins for other tools: a requirements file with --hash for pip, or a PEP 751 pylock.toml whose wheel paths point into the bundle.")
    .argument("<bundle>", "a bundle directory, .tar.gz or .zip")
    .addOption(new Option("--format <format>", "requirements or pylock").choices(["requirements", "pylock"]).default("requirements"))
    .option("--absolute-paths", "pylock: absolute paths to the wheels (directory bundles only)")
    .option("-o, --output <file>", "write to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor export vendor/python > requirements.lock
  $ pyvendor export vendor/python --format pylock -o pylock.toml`,
    )
    .action(async (bundle: string, flags: ExportFlags, command: Command) => {
      await runCommand("export", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { exportBundle } = await import("../../bundle/export.js");
        const text = await exportBundle(bundle, { format: flags.format, paths: flags.absolutePaths ? "absolute" : "relative" });
        if (flags.output) {
          const [{ writeFileAtomic }, { checkCanCreate, userPathError }] = await Promise.all([import("../../atomic-file.js"), import("../../user-paths.js")]);
          await checkCanCreate(flags.output, "write");
          try {
            await writeFileAtomic(flags.output, text);
          } catch (err: unknown) {
            throw userPathError(err, flags.output, "write");
          }
          return { result: { output: flags.output, format: flags.format }, lines: [`wrote ${flags.output}`] };
        }
        return { result: { format: flags.format, text }, lines: [text.replace(/\n$/, "")] };
      });
    });
}
