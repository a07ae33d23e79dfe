// Unpacking many wheels into the store at once: worker threads each doing one wheel's synchronous I/O.
import { Worker } from "node:worker_threads";
import { PyvendorError, type ErrorCode } from "../errors.js";
import { unpackIntoStore, type StoreIndex, type UnpackJob } from "./store-unpack.js";

/**
 * At most this many worker threads. File creation is kernel work that stops scaling after a few
 * threads, and each worker holds up to one in-memory wheel (see WHEEL_IN_MEMORY_MAX), so the cap
 * also bounds the install's peak memory whatever the number of cores.
 */
export const MAX_UNPACK_WORKERS = 4;

/** An error as it crosses the thread boundary (structured clone drops a PyvendorError's code). */
export interface SerializedError {
  message: string;
  stack?: string;
  code?: string;
  pyvendor?: { code: ErrorCode; hint?: string; data: Record<string, unknown> };
  cause?: SerializedError;
}

export type WorkerReply = { index: StoreIndex } | { error: SerializedError };

/** Flattens `err` (and its cause chain) for postMessage. */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: SerializedError = { message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  const errno = (err as NodeJS.ErrnoException).code;
  if (typeof errno === "string") out.code = errno;
  if (err instanceof PyvendorError) out.pyvendor = { code: err.code, ...(err.hint ? { hint: err.hint } : {}), data: err.data };
  if (err.cause !== undefined && depth < 5) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** Rebuilds the error serializeError flattened: a PyvendorError keeps its code, hint and data. */
export function reviveError(s: SerializedError): Error {
  const cause = s.cause ? { cause: reviveError(s.cause) } : {};
  const err = s.pyvendor
    ? new PyvendorError(s.pyvendor.code, s.message, { ...cause, ...(s.pyvendor.hint ? { hint: s.pyvendor.hint } : {}), data: s.pyvendor.data })
    : new Error(s.message, cause);
  if (s.code && !s.pyvendor) (err as NodeJS.ErrnoException).code = s.code;
  if (s.stack) err.stack = s.stack;
  return err;
}

/** Messages from a worker: one per job it finished, then `done` when no job is left to claim. */
export type WorkerMessage = { slot: number; reply: WorkerReply } | { done: true };

/** What a worker is started with: every job, and the shared claim counter (see `claimer`). */
export interface WorkerStart {
  jobs: UnpackJob[];
  /** Int32Array over it: [0] the next unclaimed job, [1] non-zero once any job failed. */
  shared: SharedArrayBuffer;
}

/**
 * The job-claiming function every thread (main and workers) uses: the next job index, or
 * undefined when all are claimed or one failed. Threads claim by themselves, so a worker never
 * waits for a busy main thread to hand it work.
 */
export function claimer(shared: SharedArrayBuffer, total: number): { claim(): number | undefined; stop(): void } {
  const cells = new Int32Array(shared);
  return {
    claim() {
      if (Atomics.load(cells, 1) !== 0) return undefined;
      const i = Atomics.add(cells, 0, 1);
      return i < total ? i : undefined;
    },
    stop() {
      Atomics.store(cells, 1, 1);
    },
  };
}

function startWorker(start: WorkerStart, onReply: (slot: number, reply: WorkerReply) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./unpack-worker.js", import.meta.url), { workerData: start });
    let done = false;
    worker.on("message", (msg: WorkerMessage) => {
      if ("done" in msg) {
        done = true;
        resolve();
      } else {
        onReply(msg.slot, msg.reply);
      }
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (!done) reject(new Error(`A store worker exited with status ${code} before finishing`));
    });
  });
}

/**
 * Unpacks every job (claimed in the order given, so put the largest first) in this thread and up
 * to `workers - 1` worker threads. Returns the indexes in job order. After the first failure no
 * new job starts; it is rethrown once the running ones have settled (each removes its own temp
 * dir), so nothing is left writing into the store.
 */
export async function unpackAll(jobs: UnpackJob[], workers: number): Promise<StoreIndex[]> {
  const results: StoreIndex[] = new Array(jobs.length);
  const count = Math.max(1, Math.min(workers, jobs.length, MAX_UNPACK_WORKERS));
  const start: WorkerStart = { jobs, shared: new SharedArrayBuffer(8) };
  const { claim, stop } = claimer(start.shared, jobs.length);
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    stop();
  };
  const onReply = (slot: number, reply: WorkerReply) => {
    if ("error" in reply) fail(reviveError(reply.error));
    else results[slot] = reply.index;
  };
  const helpers = Array.from({ length: count - 1 }, () => startWorker(start, onReply).catch(fail));
  for (let i = claim(); i !== undefined; i = claim()) {
    try {
      results[i] = await unpackIntoStore(jobs[i] as UnpackJob);
    } catch (err: unknown) {
      fail(err);
    }
  }
  await Promise.all(helpers);
  if (failure) throw failure.error;
  return results;
}
