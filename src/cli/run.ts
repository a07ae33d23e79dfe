// Runs one CLI command: sets up output, times it, prints the result or the error, sets the exit code.
import { PyvendorError } from "../errors.js";
import { interrupt } from "../interrupt.js";
import { formatError, renderError } from "./errors.js";
import { createOutput, type Output } from "./output.js";

/** Flags every command accepts (defined on the root program). */
export interface GlobalFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** What a command returns: data for --json and the human lines for stdout. */
export interface CommandResult {
  result: unknown;
  lines: string[];
  /** Exit status for a successful run that still reports a difference (diff, verify). */
  exitCode?: number;
}

/**
 * Runs `body` with an Output and prints its result. Errors become `error:` / `hint:` /
 * `caused by:` lines (or the JSON document) and the exit status from the error table.
 */
export async function runCommand(
  command: string,
  flags: GlobalFlags,
  body: (output: Output) => Promise<CommandResult>,
): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json), quiet: Boolean(flags.quiet), verbose: Boolean(flags.verbose) });
  const start = performance.now();
  // Ctrl-C or SIGTERM: build processes are killed and half-made trees removed (src/interrupt.ts),
  // then E_INTERRUPTED is printed and the process exits 128 + the signal's number. A second signal
  // while that happens is ignored (it takes milliseconds, or waits for a swap's renames to end).
  const onSignal = (signal: NodeJS.Signals) => {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    process.on("SIGINT", () => undefined);
    process.on("SIGTERM", () => undefined);
    interrupt(() => {
      const name = signal === "SIGTERM" ? "SIGTERM" : "Ctrl-C (SIGINT)";
      const rendered = renderError(new PyvendorError("E_INTERRUPTED", `${command} was interrupted by ${name}`, { data: { signal } }));
      const durationMs = Math.round(performance.now() - start);
      if (output.mode === "json") {
        output.finish({ command, ok: false, error: rendered, durationMs });
      } else {
        output.finish({ command, ok: false, durationMs: 0 });
        output.error(formatError(rendered, { color: output.color }));
      }
      process.exit(signal === "SIGTERM" ? 143 : 130);
    });
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const { result, lines, exitCode } = await body(output);
    for (const line of lines) output.line(line);
    output.finish({ command, ok: (exitCode ?? 0) === 0, result, durationMs: Math.round(performance.now() - start) });
    process.exitCode = exitCode ?? 0;
  } catch (err: unknown) {
    const rendered = renderError(err);
    const stack = rendered.code === "E_INTERNAL" && flags.verbose && err instanceof Error ? err.stack : undefined;
    if (output.mode === "json") {
      output.finish({ command, ok: false, error: rendered, durationMs: Math.round(performance.now() - start) });
    } else {
      output.finish({ command, ok: false, durationMs: 0 });
      output.error(formatError(rendered, { color: output.color, ...(stack ? { stack } : {}) }));
    }
    process.exitCode = rendered.exit;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
