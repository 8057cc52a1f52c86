/**
 * Runs `task` over every item with at most `limit` at once, results in the items' order.
 * `onDone` sees each result as it comes (for progress lines). Once `signal` is aborted no more
 * items start: their places in the result are undefined.
 */
export async function mapBounded<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  onDone?: (result: R, index: number) => void,
  signal?: AbortSignal,
): Promise<(R | undefined)[]> {
  const results = Array.from<R | undefined>({ length: items.length });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      const result = await task(items[index]!, index);
      results[index] = result;
      onDone?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
