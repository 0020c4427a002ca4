/**
 * A uniformly random subset, in random order (a partial Fisher–Yates shuffle).
 *
 * @param items - The items to draw from; left unchanged.
 * @param count - How many to draw (all when larger than the list).
 * @param random - Source of randomness in [0, 1).
 * @returns The drawn items.
 */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const size = Math.min(count, pool.length);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, size);
}

/**
 * A uniformly random subset of the items a check accepts, in random order, checking only as many
 * items as it takes: items are drawn as by {@link sample} and each is checked as it is drawn; those
 * the check refuses are passed over. What it returns is distributed as `sample` of the accepted
 * items alone would be, for a check whose answer does not depend on the draw.
 *
 * @param items - The items to draw from; left unchanged.
 * @param count - How many accepted items to draw (all when fewer are accepted).
 * @param random - Source of randomness in [0, 1).
 * @param accept - The check: what to return for an item, or undefined to pass it over.
 * @returns What the check returned for the drawn items it accepted.
 */
export function sampleAccepted<T, U>(
  items: readonly T[],
  count: number,
  random: () => number,
  accept: (item: T) => U | undefined,
): U[] {
  const pool = [...items];
  const drawn: U[] = [];
  for (let i = 0; i < pool.length && drawn.length < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    const accepted = accept(pool[i] as T);
    if (accepted !== undefined) drawn.push(accepted);
  }
  return drawn;
}
