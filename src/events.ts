// Progress events: library code reports what it is doing through an EventSink; only the CLI renders.

/** A long-running step of a pipeline, for phase headers and timing. */
export type Phase =
  | "inputs"
  | "plan"
  | "fetch"
  | "build"
  | "close"
  | "resolve"
  | "write"
  | "open"
  | "verify"
  | "select"
  | "check"
  | "stage"
  | "switch";

export type PyvendorEvent =
  | { type: "phase-start"; phase: Phase; total?: number }
  | { type: "phase-end"; phase: Phase; ms: number }
  /** A file is being fetched. `size` in bytes when known. `url` never carries credentials. */
  /** `url` without credentials (events reach logs and --json -v output). */
  | { type: "download-start"; file: string; url: string; size?: number }
  | { type: "download-progress"; file: string; bytes: number; size?: number }
  | { type: "download-end"; file: string; bytes: number; fromCache: boolean }
  | { type: "download-retry"; file: string; attempt: number; reason: string; delayMs: number }
  | { type: "build-start"; project: string; version: string; target: string }
  | { type: "build-end"; project: string; version: string; target: string; wheel: string; fromCache: boolean; ms: number }
  | { type: "build-failed"; project: string; version: string; target: string; log?: string }
  /** A line a build printed (also in its log); frequent, so renderers may show only the latest. */
  | { type: "build-output"; project: string; version: string; target: string; line: string }
  | { type: "install-progress"; done: number; total: number; project?: string }
  | { type: "warning"; code?: string; message: string }
  | { type: "info"; message: string }
  | { type: "debug"; message: string };

/** Receives events. Must not throw; must be cheap (it is called per progress tick). */
export type EventSink = (event: PyvendorEvent) => void;

/** A sink that drops every event (the default for library callers). */
export const silentSink: EventSink = () => {};

/** Runs `fn` between a phase-start and a phase-end event (with its time in ms); `total` is the phase's item count, when known. */
export async function timed<T>(events: EventSink, phase: Phase, fn: () => Promise<T>, total?: number): Promise<T> {
  const start = performance.now();
  events({ type: "phase-start", phase, ...(total !== undefined ? { total } : {}) });
  const result = await fn();
  events({ type: "phase-end", phase, ms: Math.round(performance.now() - start) });
  return result;
}
