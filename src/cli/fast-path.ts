// Commands that must start in milliseconds (rollback, releases, install) parsed without commander.
import type { GlobalFlags } from "./run.js";
import type { InstallFlags } from "./commands/install-action.js";

const GLOBALS: Record<string, keyof GlobalFlags> = { "--json": "json", "-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose" };

type Runner = () => Promise<void>;

/** Options of the fast commands: name → whether it takes a value. Anything else means "not fast". */
const OPTIONS: Record<string, Record<string, boolean>> = {
  rollback: { "--to": true, "--no-wait": false },
  releases: {},
  install: {
    "--venv": true, "--releases": true, "--check": true, "--keep": true, "--no-wait": false, "--python": true, "--force": false, "--cache-dir": true,
    "--link-mode": true, "--compile": false, "--relocatable": false, "--check-imports": false, "--with-pip": false, "-j": true, "--jobs": true,
  },
};

interface Parsed {
  command: string;
  positional: string[];
  values: Map<string, string[]>;
  globals: GlobalFlags;
}

function parse(args: readonly string[]): Parsed | undefined {
  const globals: GlobalFlags = {};
  const rest: string[] = [];
  for (const arg of args) {
    const flag = GLOBALS[arg];
    if (flag) globals[flag] = true;
    else rest.push(arg);
  }
  const [command = "", ...tail] = rest;
  const known = OPTIONS[command];
  if (!known) return undefined;
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  for (let i = 0; i < tail.length; i++) {
    const arg = tail[i] ?? "";
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takesValue = known[name];
    if (takesValue === undefined) return undefined;
    let value = "";
    if (takesValue) {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < tail.length) value = tail[++i] ?? "";
      else return undefined;
    } else if (eq > 0) return undefined;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { command, positional, values, globals };
}

function rollbackRunner(p: Parsed): Runner | undefined {
  const [root] = p.positional;
  if (p.positional.length !== 1 || root === undefined) return undefined;
  const to = p.values.get("--to")?.at(-1);
  const wait = p.values.has("--no-wait") ? false : undefined;
  return async () => {
    const { runReleases, runRollback } = await import("./commands/rollback-action.js");
    if (p.command === "rollback") await runRollback(root, { ...(to !== undefined ? { to } : {}), ...(wait === false ? { wait } : {}) }, p.globals);
    else await runReleases(root, p.globals);
  };
}

function installRunner(p: Parsed): Runner | undefined {
  const [bundle] = p.positional;
  const last = (name: string) => p.values.get(name)?.at(-1);
  const releases = last("--releases");
  const venv = last("--venv");
  if (p.positional.length !== 1 || bundle === undefined || (releases === undefined && venv === undefined)) return undefined;
  // Values commander's parsers would refuse go to commander, which says why.
  const keep = last("--keep");
  if (keep !== undefined && !/^\d+$/.test(keep)) return undefined;
  const jobValues = [...(p.values.get("-j") ?? []), ...(p.values.get("--jobs") ?? [])];
  if (jobValues.some((j) => !/^[1-9]\d*$/.test(j))) return undefined;
  const flags: InstallFlags = {};
  if (venv !== undefined) flags.venv = venv;
  if (releases !== undefined) flags.releases = releases;
  const checks = p.values.get("--check");
  if (checks) flags.check = checks;
  if (keep !== undefined) flags.keep = Number(keep);
  if (p.values.has("--no-wait")) flags.wait = false;
  const jobs = last("--jobs") ?? last("-j");
  if (jobs !== undefined) flags.jobs = Number(jobs);
  for (const [option, key] of [["--python", "python"], ["--cache-dir", "cacheDir"]] as const) {
    const value = last(option);
    if (value !== undefined) flags[key] = value;
  }
  const linkMode = last("--link-mode");
  if (linkMode !== undefined) flags.linkMode = linkMode as NonNullable<InstallFlags["linkMode"]>;
  for (const [option, key] of [["--force", "force"], ["--compile", "compile"], ["--relocatable", "relocatable"], ["--check-imports", "checkImports"], ["--with-pip", "withPip"]] as const) {
    if (p.values.has(option)) flags[key] = true;
  }
  return async () => {
    const { runInstallRelease, runInstallVenv } = await import("./commands/install-action.js");
    if (releases !== undefined) await runInstallRelease(bundle, flags, p.globals);
    else await runInstallVenv(bundle, flags, p.globals);
  };
}

/**
 * A runner for exactly `rollback ROOT [--to R] [--no-wait]`, `releases ROOT`, or
 * `install BUNDLE --venv DIR | --releases ROOT` with any of install's options, with global flags
 * anywhere; undefined for anything else (help, other flags, short options run together, values
 * commander refuses, other commands), which then goes through the full commander program. Both
 * run the same action (install-action.ts), so the two routes behave alike (usage errors included).
 */
export function matchFastPath(args: readonly string[]): Runner | undefined {
  const parsed = parse(args);
  if (!parsed) return undefined;
  return parsed.command === "install" ? installRunner(parsed) : rollbackRunner(parsed);
}
