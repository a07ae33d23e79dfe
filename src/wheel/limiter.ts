// A counting semaphore: run at most N async tasks at once (bounded parallel extraction and linking).

export interface Limiter {
  /** Runs `task` when a slot is free; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A limiter with `slots` concurrent tasks (at least 1). */
export function createLimiter(slots: number): Limiter {
  const max = Math.max(1, Math.floor(slots));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) next();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/**
 * Runs `fn` over `items` through `limiter` and waits for all; the first rejection is rethrown
 * after every started task has settled (so no task is left writing after a failure returns).
 */
export async function forEachLimited<T>(items: readonly T[], limiter: Limiter, fn: (item: T) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(
    items.map((item) =>
      limiter.run(async () => {
        if (failure) return;
        try {
          await fn(item);
        } catch (error: unknown) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure) throw failure.error;
}
