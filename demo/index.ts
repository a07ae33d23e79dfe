// `npm run index`: serves the README walkthroughs' fixture index on 127.0.0.1 until Ctrl-C, so a
// reader can run the walkthroughs by hand (the README test runs them against the same index).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startFixtureIndex, WALKTHROUGH_PACKAGES } from "../test/helpers/fixture-index.js";
import { fixturesDir } from "../test/helpers/paths.js";

const USAGE = `usage: npm run index [-- --port <n>]

Builds the fixture packages of the README's walkthroughs (hello-cli 1.0.0 and 1.1.0, fastmath,
greeter, demo-app) and serves them as a package index on 127.0.0.1 until Ctrl-C.
  --port <n>   the port (default 8999; 0 picks a free one)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8999" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${JSON.stringify(values.port)}`);
  const work = await mkdtemp(path.join(os.tmpdir(), "pyvendor-index-"));
  let stopping = false;
  try {
    const index = await startFixtureIndex(work, WALKTHROUGH_PACKAGES, [], false, port).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new Error(`port ${port} is in use: pass another with \`npm run index -- --port <n>\` (0 picks a free one)`);
      throw err;
    });
    process.stdout.write(
      `index: ${index.server.url}\n` +
        `serving: ${index.sdists.map((s) => s.filename).join(", ")}\n\n` +
        "To run the README's walkthroughs, in another shell:\n" +
        `  export PYVENDOR_INDEX_URL=${index.server.url}\n` +
        `  mkdir -p /tmp/walkthrough && cp ${path.join(fixturesDir, "requirements", "demo.txt")} /tmp/walkthrough/requirements.txt && cd /tmp/walkthrough\n` +
        `  alias pyvendor='node ${path.resolve(fixturesDir, "..", "bin", "pyvendor.js")}'\n\n` +
        "Ctrl-C stops the index.\n",
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        if (stopping) return;
        stopping = true;
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await index.server.stop();
    process.stdout.write(`stopped after ${index.server.requests.length} requests\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`index: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
