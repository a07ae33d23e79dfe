// `npm start`: the whole story on our fixture packages — pack from a local index, stop it, install offline, run.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cleanEnv } from "../test/helpers/env.js";
import { startFixtureIndex } from "../test/helpers/fixture-index.js";
import { cliPath, fixturesDir, repoRoot } from "../test/helpers/paths.js";

const bundleDir = path.join(repoRoot, "demo-bundle");
const venvDir = path.join(repoRoot, "demo-venv");

/** Bold only on a terminal that wants colour (NO_COLOR is honoured). */
const bold = process.stdout.isTTY && !process.env.NO_COLOR ? (s: string) => `\u001b[1m${s}\u001b[0m` : (s: string) => s;

function say(text: string): void {
  process.stdout.write(`\n${bold(`==> ${text}`)}\n`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  process.stdout.write(`$ ${[command === process.execPath ? "pyvendor" : command, ...(command === process.execPath ? args.slice(1) : args)].join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with status ${code}`))));
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const work = await mkdtemp(path.join(os.tmpdir(), "pyvendor-demo-"));
  const env = cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work, "cache") });
  try {
    say("Starting a local package index of our fixture packages on 127.0.0.1");
    const index = await startFixtureIndex(work);
    process.stdout.write(`index: ${index.server.url} (${index.sdists.map((s) => s.filename).join(", ")})\n`);

    say("Packing the demo app's pinned requirements into ./demo-bundle");
    await rm(bundleDir, { recursive: true, force: true });
    await run(process.execPath, [cliPath, "pack", "-r", path.join(fixturesDir, "requirements", "demo.txt"), "--index-url", index.server.url, "-o", bundleDir], env);
    const packRequests = index.server.requests.length;

    say("Stopping the index: from here on there is no network");
    await index.server.stop();
    process.stdout.write(`the index answered ${packRequests} requests during pack\n`);

    say("Installing the bundle offline into ./demo-venv");
    await run(process.execPath, [cliPath, "install", bundleDir, "--venv", venvDir, "--force"], env);

    say("Running the app's console script from the new venv");
    await run(path.join(venvDir, "bin", "demo-app"), [], env);

    say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(
      `bundle: ${path.relative(process.cwd(), bundleDir) || "."}/ (manifest.json, requirements.lock, wheels/)\n` +
        `venv:   ${path.relative(process.cwd(), venvDir)}/ — try: ./demo-venv/bin/demo-app, ./demo-venv/bin/hello pyvendor\n`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
