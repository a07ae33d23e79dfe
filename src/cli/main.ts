// Entry point of the pyvendor command line: parse argv, run the command, map usage errors.
import { formatError } from "./errors.js";
import { matchFastPath } from "./fast-path.js";
import { useColor } from "./output.js";

/** A closed stdout (e.g. `pyvendor show | head`) ends the program quietly, as Unix tools do. */
function exitOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function main(argv: string[]): Promise<void> {
  exitOnBrokenPipe(process.stdout);
  exitOnBrokenPipe(process.stderr);
  const fast = matchFastPath(argv.slice(2));
  if (fast) return fast();
  const [{ CommanderError }, { buildProgram }] = await Promise.all([import("commander"), import("./program.js")]);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err: unknown) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0) {
        process.exitCode = 0;
        return;
      }
      if (err.code === "commander.help") {
        // No command given: the help was printed, and that is the whole answer (as git, exit 1).
        process.exitCode = 1;
        return;
      }
      const color = useColor(process.env, Boolean(process.stderr.isTTY));
      const message = err.message.replace(/^error: /, "");
      for (const line of formatError(
        { code: "E_USAGE", message, hint: "Run the command with --help to see its options.", causes: [], exit: 1 },
        { color },
      )) {
        process.stderr.write(`${line}\n`);
      }
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

await main(process.argv);
