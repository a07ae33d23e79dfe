// The CLI's output: renders library events as a live display (TTY), plain lines, or JSON.
import type { Writable } from "node:stream";
import type { PyvendorEvent } from "../events.js";
import { createLiveDisplay, type LiveDisplay } from "./live-display.js";
import { formatBytes, formatMs } from "./format.js";

export type OutputMode = "tty" | "plain" | "json";

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  stdout?: Writable & { isTTY?: boolean };
  stderr?: Writable & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/** The CLI's single writer: commands call `event`, `line` and `finish`; nothing else prints. */
export interface Output {
  mode: OutputMode;
  color: boolean;
  verbose: boolean;
  quiet: boolean;
  /** Progress events from the library. */
  event(event: PyvendorEvent): void;
  /** A line of human output on stdout (dropped in JSON mode). */
  line(text: string): void;
  /** Warnings seen so far (also part of the JSON document). */
  warnings: string[];
  /** Ends the live display; in JSON mode writes the one document for the command. */
  finish(document: { command: string; ok: boolean; result?: unknown; error?: unknown; durationMs: number }): void;
  /** Writes lines on stderr (errors), above any live display. */
  error(lines: string[]): void;
}

/** Colour when stderr is a terminal, unless NO_COLOR; FORCE_COLOR forces it (https://no-color.org). */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY && env.TERM !== "dumb";
}

function plainLine(event: PyvendorEvent): string | undefined {
  switch (event.type) {
    case "download-end":
      return event.fromCache ? undefined : `downloaded ${event.file} (${formatBytes(event.bytes)})`;
    case "download-retry":
      return `retrying ${event.file} (attempt ${event.attempt}, ${event.reason}) in ${formatMs(event.delayMs)}`;
    case "build-start":
      return `building ${event.project} ${event.version} for ${event.target}`;
    case "build-end":
      return event.fromCache
        ? `reused cached wheel ${event.wheel}`
        : `built ${event.wheel} in ${formatMs(event.ms)}`;
    case "build-failed":
      return `build failed: ${event.project} ${event.version} for ${event.target}`;
    case "phase-end":
      return undefined;
    case "info":
      return event.message;
    default:
      return undefined;
  }
}

/**
 * What -v adds on a terminal or in a log, on top of plainLine: every build's output, the URL of
 * each download, files served from the cache, and each phase's time.
 */
function verboseLine(event: PyvendorEvent): string | undefined {
  switch (event.type) {
    case "debug":
      return event.message;
    case "build-output":
      return `${event.project} ${event.version}: ${event.line}`;
    case "download-start":
      return `GET ${event.url}`;
    case "download-end":
      return event.fromCache ? `from the cache: ${event.file}` : undefined;
    case "phase-end":
      return `${event.phase}: ${formatMs(event.ms)}`;
    default:
      return undefined;
  }
}

/** Chooses the mode from the flags and whether stderr is a terminal. */
export function createOutput(options: OutputOptions): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const mode: OutputMode = options.json ? "json" : stderr.isTTY && env.TERM !== "dumb" ? "tty" : "plain";
  const color = mode !== "json" && useColor(env, Boolean(stderr.isTTY));
  const warnings: string[] = [];
  let live: LiveDisplay | undefined;
  const yellow = (s: string) => (color ? `\u001b[33m${s}\u001b[0m` : s);
  const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[0m` : s);

  const writeErr = (text: string) => {
    if (live) live.log(text);
    else stderr.write(`${text}\n`);
  };

  return {
    mode,
    color,
    verbose: options.verbose,
    quiet: options.quiet,
    warnings,
    event(event) {
      if (event.type === "warning") {
        warnings.push(event.message);
        if (mode !== "json") writeErr(`${yellow("warning:")} ${event.message}`);
        else if (options.verbose) stderr.write(`${JSON.stringify(event)}\n`);
        return;
      }
      if (mode === "json") {
        if (options.verbose) stderr.write(`${JSON.stringify(event)}\n`);
        return;
      }
      if (options.verbose) {
        const detail = verboseLine(event);
        if (detail !== undefined) writeErr(dim(detail));
      }
      if (event.type === "debug" || options.quiet) return;
      if (mode === "tty") {
        live ??= createLiveDisplay({ stream: stderr, color });
        live.event(event);
        return;
      }
      const text = plainLine(event);
      if (text) stderr.write(`${text}\n`);
    },
    line(text) {
      if (mode === "json") return;
      if (live) {
        live.stop();
        live = undefined;
      }
      stdout.write(`${text}\n`);
    },
    error(lines) {
      for (const l of lines) writeErr(l);
    },
    finish(document) {
      if (live) {
        live.stop();
        live = undefined;
      }
      if (mode === "json") stdout.write(`${JSON.stringify({ ...document, warnings })}\n`);
    },
  };
}
