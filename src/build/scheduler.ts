// The build scheduler: a work queue with bounded parallelism whose tasks may queue more tasks.

/**
 * Runs `worker` for every item of `initial` and every item a worker `push`es, with at most
 * `limit` running at once, in queue order. Resolves when the queue is empty and nothing runs.
 * Workers should handle their own failures; an error a worker throws stops new tasks from
 * starting and is re-thrown once the running ones have finished.
 */
export function runQueue<T>(initial: readonly T[], limit: number, worker: (item: T, push: (item: T) => void) => Promise<void>): Promise<void> {
  const queue = [...initial];
  let running = 0;
  let failure: { error: unknown } | undefined;
  return new Promise((resolve, reject) => {
    const pump = () => {
      while (failure === undefined && running < Math.max(1, limit) && queue.length > 0) {
        const item = queue.shift() as T;
        running += 1;
        worker(item, (next) => queue.push(next))
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            running -= 1;
            pump();
          });
      }
      if (running === 0 && (queue.length === 0 || failure !== undefined)) {
        if (failure) reject(failure.error);
        else resolve();
      }
    };
    pump();
  });
}

/**
 * `fn` with at most `limit` calls running at once; calls past the limit wait their turn in call
 * order. What `fn` returns or throws is passed through.
 */
export function limitConcurrency<A extends unknown[], R>(limit: number, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (...args: A) => {
    if (running >= Math.max(1, limit)) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await fn(...args);
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
