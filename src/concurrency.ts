// Bounded parallelism: run async work over a list with at most `limit` tasks in flight.

/**
 * Calls `fn` for every item with at most `limit` calls pending; resolves to the results in input
 * order. The first rejection is re-thrown after every started task has settled, so no work is
 * left running in the background.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Like mapLimit, but runs every item and returns each outcome instead of stopping at a failure. */
export async function settleLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  return mapLimit(items, limit, async (item, index) => {
    try {
      return { status: "fulfilled", value: await fn(item, index) } as PromiseFulfilledResult<R>;
    } catch (reason: unknown) {
      return { status: "rejected", reason } as PromiseRejectedResult;
    }
  });
}
