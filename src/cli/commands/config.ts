// `pyvendor config`: the effective settings and where each one comes from.
import type { Command } from "commander";
import { formatTable } from "../format.js";
import { runCommand, type GlobalFlags } from "../run.js";

export function defineConfig(program: Command): void {
  program
    .command("config")
    .summary("show the effective settings and where each comes from")
    .description(
      "Show every setting with its effective value and its source. Precedence, highest first: command-line flags, " +
        "environment (PYVENDOR_*, and pip's PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_TRUSTED_HOST, ...), " +
        "the project's pyvendor.toml or [tool.pyvendor] in pyproject.toml (nearest from the current directory up), " +
        "the user's file ($XDG_CONFIG_HOME/pyvendor/pyvendor.toml, or PYVENDOR_CONFIG_FILE), then the defaults.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor config
  $ PIP_INDEX_URL=https://pypi.example.com/simple/ pyvendor config --json`,
    )
    .action(async (_flags: unknown, command: Command) => {
      await runCommand("config", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { resolveConfig } = await import("../config/resolve.js");
        const { findSetting } = await import("../config/definitions.js");
        const { redactUrl } = await import("../../index/redact.js");
        const config = resolveConfig({ env: process.env, cwd: process.cwd() });
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
}
