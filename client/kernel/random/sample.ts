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
