// The terminal's live display: progress bars for downloads, builds and installs (cli-progress).
import { createRequire } from "node:module";
import type * as CliProgress from "cli-progress";
import type { Writable } from "node:stream";
import type { PyvendorEvent } from "../events.js";
import { formatBytes, formatMs } from "./format.js";

export interface LiveDisplay {
  event(event: PyvendorEvent): void;
  /** Prints a line above the bars. */
  log(text: string): void;
  stop(): void;
}

interface Payload {
  label: string;
  detail: string;
  /** "spinner": no bar (work of unknown length, e.g. a build). */
  kind?: "spinner";
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

function bar(progress: number, width = 24): string {
  const done = Math.max(0, Math.min(width, Math.round(progress * width)));
  return `${"█".repeat(done)}${"░".repeat(width - done)}`;
}

/** "cp311-cp311-linux_x86_64" → "cp311": the part that tells targets apart in practice. */
function shortTarget(target: string): string {
  return target.split("-")[0] ?? target;
}

/** Renders events on `stream` (a TTY); bars are removed when their work ends. */
export function createLiveDisplay(options: { stream: Writable; color: boolean }): LiveDisplay {
  // Loaded on first use: commands that never show bars (rollback, --json, pipes) start faster.
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof CliProgress;
  const multi = new cliProgress.MultiBar(
    {
      stream: options.stream as NodeJS.WritableStream,
      clearOnComplete: true,
      hideCursor: true,
      fps: 10,
      forceRedraw: true,
      format: (_opts, params, payload: Payload) =>
        payload.kind === "spinner"
          ? `${SPINNER[Math.floor(Date.now() / 100) % SPINNER.length]} ${payload.label} ${payload.detail}`
          : `${payload.label.padEnd(34).slice(0, 34)} ${bar(params.total > 0 ? params.value / params.total : 0)} ${payload.detail}`,
    },
    cliProgress.Presets.shades_classic,
  );
  const downloads = new Map<string, { bar: CliProgress.SingleBar; start: number }>();
  const builds = new Map<string, { bar: CliProgress.SingleBar; start: number; last?: string }>();
  const totals = new Map<string, CliProgress.SingleBar>();
  let install: CliProgress.SingleBar | undefined;
  const timer = setInterval(() => {
    for (const [key, b] of builds) {
      const last = b.last ? ` ${b.last.trim().slice(0, 60)}` : "";
      b.bar.update(0, { label: `building ${key}`, detail: `${formatMs(Date.now() - b.start)}${last}`, kind: "spinner" });
    }
  }, 200);
  timer.unref();

  const done = (key: string) => {
    const t = totals.get(key);
    if (t) t.increment(1, {});
  };

  return {
    event(event) {
      switch (event.type) {
        case "phase-start":
          if (event.total && (event.phase === "fetch" || event.phase === "build")) {
            const label = event.phase === "fetch" ? "downloads" : "builds";
            totals.set(event.phase, multi.create(event.total, 0, { label, detail: "" }, {
              format: (_o, p, payload: Payload) =>
                `${payload.label.padEnd(34)} ${bar(p.total > 0 ? p.value / p.total : 0)} ${p.value}/${p.total}`,
            }));
          }
          break;
        case "phase-end": {
          const t = totals.get(event.phase);
          if (t) {
            multi.remove(t);
            totals.delete(event.phase);
          }
          break;
        }
        case "download-start":
          downloads.set(event.file, {
            bar: multi.create(event.size ?? 0, 0, { label: event.file, detail: "" }),
            start: Date.now(),
          });
          break;
        case "download-progress": {
          const d = downloads.get(event.file);
          if (!d) break;
          const seconds = Math.max(0.001, (Date.now() - d.start) / 1000);
          const size = event.size ? `/${formatBytes(event.size)}` : "";
          d.bar.setTotal(event.size ?? Math.max(event.bytes, 1));
          d.bar.update(event.bytes, {
            label: event.file,
            detail: `${formatBytes(event.bytes)}${size} ${formatBytes(event.bytes / seconds)}/s`,
          });
          break;
        }
        case "download-end": {
          const d = downloads.get(event.file);
          if (d) {
            multi.remove(d.bar);
            downloads.delete(event.file);
          }
          done("fetch");
          break;
        }
        case "build-start": {
          const key = `${event.project} ${event.version} (${shortTarget(event.target)})`;
          builds.set(key, { bar: multi.create(0, 0, { label: `building ${key}`, detail: "", kind: "spinner" }), start: Date.now() });
          break;
        }
        case "build-output": {
          const b = builds.get(`${event.project} ${event.version} (${shortTarget(event.target)})`);
          if (b) b.last = event.line;
          break;
        }
        case "build-end":
        case "build-failed": {
          const key = `${event.project} ${event.version} (${shortTarget(event.target)})`;
          const b = builds.get(key);
          if (b) {
            multi.remove(b.bar);
            builds.delete(key);
          }
          if (event.type === "build-failed") multi.log(`build failed: ${key}\n`);
          else multi.log(`${event.fromCache ? "cached" : "built"} ${event.wheel}${event.fromCache ? "" : ` in ${formatMs(event.ms)}`}\n`);
          done("build");
          break;
        }
        case "install-progress":
          install ??= multi.create(event.total, 0, { label: "installing", detail: "" });
          install.update(event.done, { label: "installing", detail: `${event.done}/${event.total} ${event.project ?? ""}` });
          break;
        case "info":
          multi.log(`${event.message}\n`);
          break;
        default:
          break;
      }
    },
    log(text) {
      multi.log(`${text}\n`);
    },
    stop() {
      clearInterval(timer);
      multi.stop();
    },
  };
}
