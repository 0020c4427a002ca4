/** Page size the registry allows at most (`MAX_PAGE_SIZE`). */
export const REGISTRY_PAGE_SIZE = 256;

/**
 * Reads every page of a paginated registry view.
 *
 * @param readPage - Reads one page from an offset; returns the items and the total.
 * @param maxItems - Stop after this many items, to bound work on a huge registry.
 * @returns All items, in order, up to `maxItems`.
 */
export async function readAllPages<T>(
  readPage: (offset: bigint, limit: bigint) => Promise<{ page: readonly T[]; total: bigint }>,
  maxItems = 10_000,
): Promise<T[]> {
  const items: T[] = [];
  let offset = 0n;
  for (;;) {
    const { page, total } = await readPage(offset, BigInt(REGISTRY_PAGE_SIZE));
    items.push(...page);
    offset += BigInt(REGISTRY_PAGE_SIZE);
    if (offset >= total || items.length >= maxItems) return items.slice(0, maxItems);
  }
}
