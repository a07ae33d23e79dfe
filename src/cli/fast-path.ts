// Commands that must start in milliseconds (rollback, releases, install --releases) parsed without commander.
import type { GlobalFlags } from "./run.js";
import type { InstallFlags } from "./commands/install-action.js";

const GLOBALS: Record<string, keyof GlobalFlags> = { "--json": "json", "-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose" };

type Runner = () => Promise<void>;

/** Options of the fast commands: name → whether it takes a value. Anything else means "not fast". */
const OPTIONS: Record<string, Record<string, boolean>> = {
  rollback: { "--to": true, "--no-wait": false },
  releases: {},
  install: { "--releases": true, "--check": true, "--keep": true, "--no-wait": false, "--python": true, "--cache-dir": true, "--relocatable": false },
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
  const releases = p.values.get("--releases")?.at(-1);
  if (p.positional.length !== 1 || bundle === undefined || releases === undefined) return undefined;
  const keep = p.values.get("--keep")?.at(-1);
  if (keep !== undefined && !/^\d+$/.test(keep)) return undefined;
  const flags: InstallFlags = { releases };
  const checks = p.values.get("--check");
  if (checks) flags.check = checks;
  if (keep !== undefined) flags.keep = Number(keep);
  if (p.values.has("--no-wait")) flags.wait = false;
  const python = p.values.get("--python")?.at(-1);
  if (python !== undefined) flags.python = python;
  const cacheDir = p.values.get("--cache-dir")?.at(-1);
  if (cacheDir !== undefined) flags.cacheDir = cacheDir;
  if (p.values.has("--relocatable")) flags.relocatable = true;
  return async () => {
    const { runInstallRelease } = await import("./commands/install-action.js");
    await runInstallRelease(bundle, flags, p.globals);
  };
}

/**
 * A runner for exactly `rollback ROOT [--to R] [--no-wait]`, `releases ROOT`, or
 * `install BUNDLE --releases ROOT [--check C]… [--keep N] [--no-wait] [--python P] [--cache-dir D]
 * [--relocatable]`, with global flags anywhere; undefined for anything else (help, other flags,
 * other commands), which then goes through the full commander program with the same behaviour.
 */
export function matchFastPath(args: readonly string[]): Runner | undefined {
  const parsed = parse(args);
  if (!parsed) return undefined;
  return parsed.command === "install" ? installRunner(parsed) : rollbackRunner(parsed);
}
