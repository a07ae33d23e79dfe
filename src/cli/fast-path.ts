// Commands that must start in milliseconds (rollback, releases) parsed without commander.
import type { GlobalFlags } from "./run.js";

const GLOBALS: Record<string, keyof GlobalFlags> = { "--json": "json", "-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose" };

/**
 * A runner for `rollback ROOT [--to R] [--no-wait]` or `releases ROOT`, with global flags
 * anywhere, when argv is exactly that; undefined for anything else (help, unknown flags, other
 * commands), which then goes through the full commander program with the same behaviour.
 */
export function matchFastPath(args: readonly string[]): (() => Promise<void>) | undefined {
  const globals: GlobalFlags = {};
  const rest: string[] = [];
  for (const arg of args) {
    const flag = GLOBALS[arg];
    if (flag) globals[flag] = true;
    else rest.push(arg);
  }
  const [command, ...tail] = rest;
  if (command !== "rollback" && command !== "releases") return undefined;
  const positional: string[] = [];
  const flags: { to?: string; wait?: boolean } = {};
  for (let i = 0; i < tail.length; i++) {
    const arg = tail[i] ?? "";
    if (command === "rollback" && arg === "--to" && i + 1 < tail.length) flags.to = tail[++i];
    else if (command === "rollback" && arg.startsWith("--to=")) flags.to = arg.slice(5);
    else if (command === "rollback" && arg === "--no-wait") flags.wait = false;
    else if (arg === "--") positional.push(...tail.slice(i + 1).splice(0));
    else if (arg.startsWith("-")) return undefined;
    else positional.push(arg);
    if (arg === "--") break;
  }
  const [root] = positional;
  if (positional.length !== 1 || root === undefined) return undefined;
  return async () => {
    const { runReleases, runRollback } = await import("./commands/rollback-action.js");
    if (command === "rollback") await runRollback(root, flags, globals);
    else await runReleases(root, globals);
  };
}
