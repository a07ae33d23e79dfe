// Every command's --help has examples, and every example parses with the real option definitions.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/program.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv } from "../helpers/env.js";

/** Splits an example's command line like a shell would, for the simple quoting the examples use. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words;
}

/** The pyvendor arguments of every `$ ... pyvendor ...` example in a help text. */
function examples(help: string): string[][] {
  const out: string[][] = [];
  for (const line of help.split("\n")) {
    const m = /^\s*\$ (.*)$/.exec(line);
    if (!m) continue;
    const words = shellWords((m[1] ?? "").split(/\s[|>]/)[0] ?? "");
    const at = words.indexOf("pyvendor");
    if (at >= 0) out.push(words.slice(at + 1));
  }
  return out;
}

function helpOf(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

test("every command's help has examples, and each example parses", async () => {
  const program = buildProgram();
  const commands = [program, ...program.commands];
  let checked = 0;
  for (const cmd of commands) {
    const found = examples(helpOf(cmd));
    assert.ok(found.length > 0, `${cmd.name()} --help has no examples`);
    for (const args of found) {
      const probe = buildProgram();
      const ran: string[] = [];
      const stub = (c: Command, top: string) => {
        for (const sub of c.commands) {
          sub.action(() => void ran.push(top || sub.name()));
          stub(sub, top || sub.name());
        }
      };
      stub(probe, "");
      probe.configureOutput({ writeOut: () => {}, writeErr: () => {} });
      await assert.doesNotReject(probe.parseAsync(["node", "pyvendor", ...args]), `example does not parse: pyvendor ${args.join(" ")}`);
      if (cmd !== program) assert.deepEqual(ran, [cmd.name()], `example runs ${cmd.name()}: pyvendor ${args.join(" ")}`);
      checked++;
    }
  }
  assert.ok(checked >= commands.length * 2, `only ${checked} examples`);
});

test("--version prints the version and --help exits 0", async () => {
  const version = await runCli(["--version"], { env: cleanEnv() });
  assert.equal(version.code, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  const help = await runCli(["--help"], { env: cleanEnv() });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: pyvendor/);
});

test("bare pyvendor prints the help and nothing else, exit status 1", async () => {
  const res = await runCli([], { env: cleanEnv() });
  assert.equal(res.code, 1);
  assert.match(res.stdout + res.stderr, /Usage: pyvendor/);
  assert.doesNotMatch(res.stdout + res.stderr, /error:|outputHelp/);
});

test("an unknown option is a usage error with a hint, exit status 1", async () => {
  const res = await runCli(["install", "--no-such-flag"], { env: cleanEnv() });
  assert.equal(res.code, 1);
  assert.match(res.stderr, /^error: unknown option '--no-such-flag' \[E_USAGE\]$/m);
  assert.match(res.stderr, /^hint: /m);
});
