// `pyvendor config`: the effective settings and where each one comes from.
import type { Command } from "commander";
import { formatTable } from "../format.js";
import { s3SettingsInput } from "../s3-options.js";
import { packSettingFlags, type PackFlags } from "./pack.js";
import { runCommand, type GlobalFlags } from "../run.js";

/**
 * Gives `config` every option of `pack` (the setting ones show at the flags level; the others are
 * accepted so that a pack command line can be pasted) and install's --link-mode and --compile.
 */
function addPackOptions(program: Command, config: Command): void {
  const find = (name: string) => program.commands.find((c) => c.name() === name);
  const pack = find("pack");
  const install = find("install");
  if (!pack || !install) throw new Error("define pack and install before config");
  for (const option of pack.options) config.addOption(option);
  for (const option of install.options.filter((o) => o.long === "--link-mode" || o.long === "--compile")) config.addOption(option);
}

export function defineConfig(program: Command): void {
  const config = program
    .command("config")
    .summary("show the effective settings and where each comes from")
    .description(
      "Show every setting with its effective value and its source. Precedence, highest first: command-line flags, " +
        "environment (PYVENDOR_*, and pip's PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_TRUSTED_HOST, ...), " +
        "the project's pyvendor.toml or [tool.pyvendor] in pyproject.toml (nearest from the current directory up), " +
        "the user's file ($XDG_CONFIG_HOME/pyvendor/pyvendor.toml, or PYVENDOR_CONFIG_FILE), then the defaults. " +
        "It takes pack's options (and install's --link-mode and --compile): given, they show at the flags level, as that command would see them.",
    )
    .argument("[requirements...]", "ignored: accepted so that a pack command line can be pasted")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor config
  $ pyvendor config -r requirements.txt --index-url https://pypi.example.com/simple/ --jobs 4
  $ PIP_INDEX_URL=https://pypi.example.com/simple/ pyvendor config --json`,
    )
    .action(async (_specs: string[], flags: PackFlags & { linkMode?: string; compile?: boolean }, command: Command) => {
      await runCommand("config", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { resolveConfig } = await import("../config/resolve.js");
        const { findSetting } = await import("../config/definitions.js");
        const { redactUrl } = await import("../../package-index/redact.js");
        const { flagValues } = await import("../config/apply.js");
        const config = resolveConfig({ env: process.env, cwd: process.cwd(), flags: packSettingFlags(flags, s3SettingsInput(command), flagValues) });
        const settings = config.all().map((s) => {
          const def = findSetting(s.key);
          const redact = (v: string) => (def?.secretUrls ? redactUrl(v) : v);
          const value = Array.isArray(s.value) ? s.value.map(redact) : typeof s.value === "string" ? redact(s.value) : s.value;
          return { key: s.key, value: value ?? null, source: s.source, default: def?.defaultText ?? "", description: def?.description ?? "" };
        });
        const show = (v: unknown, fallback: string) =>
          v === null ? `(${fallback})` : Array.isArray(v) ? (v.length ? v.join(" ") : "[]") : String(v);
        const lines = [
          ...formatTable([["setting", "value", "source"], ...settings.map((s) => [s.key, show(s.value, s.default), s.source])]),
          "",
          config.files.length ? `config files: ${config.files.map((f) => f.describe).join(", ")}` : "config files: none found",
        ];
        return { result: { settings, files: config.files.map((f) => f.describe) }, lines };
      });
    });
  addPackOptions(program, config);
}
