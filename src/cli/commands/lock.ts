// `pyvendor lock`: loose requirements (requirements.in) → a requirements file of pins with hashes.
import { Option, type Command } from "commander";
import { addIndexOptionsTo } from "../index-options.js";
import { collect } from "../option-parsers.js";
import { runCommand, type GlobalFlags } from "../run.js";
import { packSettingFlags, type PackFlags } from "./pack.js";

interface LockFlags extends Pick<PackFlags, "requirement" | "constraint" | "output" | "python" | "indexUrl" | "extraIndexUrl" | "findLinks" | "index" | "trustedHost" | "cert" | "proxy" | "timeout" | "retries" | "offline" | "refresh" | "cacheDir" | "pre"> {
  upgrade?: boolean;
  upgradePackage?: string[];
  format?: "requirements" | "pylock";
}

/** The command as typed, for the lock's header: the arguments after `lock`, credentials in URLs hidden. */
function commandLine(argv: string[]): string {
  const args = argv.slice(argv.indexOf("lock") + 1).map((a) => a.replace(/(\/\/)[^/@\s]+@/, "$1****@"));
  return ["pyvendor", "lock", ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))].join(" ");
}

export function defineLock(program: Command): void {
  const command = program
    .command("lock")
    .summary("turn loose requirements into pins with hashes, for every target Python")
    .description(
      "Resolve requirements (a requirements.in of names and ranges) against the index for every target " +
        "interpreter into one set of pins, and write them as a requirements file with --hash lines and " +
        "\"# via\" comments. Pins already in the output are kept while they still fit; --upgrade and " +
        "--upgrade-package let them move. When no set of versions fits, the error explains why.",
    )
    .argument("[requirements...]", "inline requirements, e.g. 'requests>=2.30'")
    .option("-r, --requirement <file>", "a requirements file (pip's format); repeatable", collect)
    .option("-c, --constraint <file>", "a constraints file: narrows versions, never adds a project; repeatable", collect)
    .option("-o, --output <file>", "the lock to write (default: requirements.txt)")
    .addOption(new Option("--format <format>", "requirements (pip's format, --hash lines) or pylock (PEP 751) (default: pylock for a .toml output)").choices(["requirements", "pylock"]))
    .option("--python <python>", "target interpreter: a version (3.12), a name or a path; repeatable (one lock for all)", collect)
    .option("-U, --upgrade", "forget the pins of the existing output: the newest versions that fit")
    .option("-P, --upgrade-package <name>", "let this project move to its newest fitting version; repeatable", collect)
    .option("--pre", "allow pre-releases");
  addIndexOptionsTo(command)
    .option("--offline", "never use the network: lock again from what an earlier lock left in the cache")
    .option("--refresh", "ask the index again even for what the cache has")
    .option("--cache-dir <dir>", "the cache directory (default: $PYVENDOR_CACHE_DIR or ~/.cache/pyvendor)")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor lock -r requirements.in -o requirements.txt
  $ pyvendor lock -r requirements.in --python 3.11 --python 3.12 -o requirements.txt
  $ pyvendor lock -r requirements.in -o requirements.txt --upgrade-package requests
  $ pyvendor lock -r requirements.in -o pylock.toml
  $ pyvendor lock 'flask>=3' gunicorn -o requirements.txt --index-url https://pypi.example.com/simple/`,
    )
    .action(async (specs: string[], flags: LockFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalFlags>();
      await runCommand("lock", globals, async (output) => {
        const [{ lock }, { resolveConfig }, { flagValues, indexInput }] = await Promise.all([
          import("../../pack/lock.js"),
          import("../config/resolve.js"),
          import("../config/apply.js"),
        ]);
        const { output: _output, format: _format, ...shared } = flags;
        const config = resolveConfig({ env: process.env, cwd: process.cwd(), flags: packSettingFlags(shared, {}, flagValues) });
        const cacheDir = config.get<string>("cache-dir");
        const out = flags.output ?? "requirements.txt";
        const result = await lock({
          requirementFiles: flags.requirement ?? [],
          constraintFiles: flags.constraint ?? [],
          requirements: specs,
          output: out,
          ...(flags.format ? { format: flags.format } : {}),
          pythons: config.get<string[]>("python") ?? [],
          index: { ...indexInput(config), ...(flags.refresh ? { refresh: true } : {}) },
          ...(cacheDir ? { cacheDir } : {}),
          ...(flags.upgrade ? { upgrade: true } : {}),
          ...(flags.upgradePackage?.length ? { upgradePackages: flags.upgradePackage } : {}),
          pre: Boolean(config.get<boolean>("pre")),
          command: commandLine(process.argv),
          events: output.event,
        });
        return {
          result,
          lines: [
            `${result.changed ? "locked" : "unchanged:"} ${result.pins.length} packages for ${result.targets.join(", ")} in ${out}`,
          ],
        };
      });
    });
}
