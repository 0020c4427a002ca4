/** Page size the registry allows at most (`MAX_PAGE_SIZE`). */
export const REGISTRY_PAGE_SIZE = 256;

/** Page size of `getBootstrapRecords`, whose records are the largest (`MAX_BOOTSTRAP_PAGE_SIZE`). */
export const BOOTSTRAP_PAGE_SIZE = 64;

/** Entries {@link readAllPages} reads at most unless told otherwise. */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** Options of {@link readAllPages}. */
export interface ReadAllPagesOptions {
  /**
   * Entries asked for per call. The view must scan this many from the offset (or up to the end),
   * as the registry does up to its own page size.
   * @default REGISTRY_PAGE_SIZE
   */
  pageSize?: number;
  /**
   * Stop once this many entries were read. A view that skips some entries (such as
   * `getBootstrapRecords`) returns fewer items than it read; the bound is on what was read, so that
   * it bounds the calls and the bytes however many entries are skipped.
   * @default DEFAULT_MAX_ENTRIES
   */
  maxEntries?: number;
}

/**
 * Reads every page of a paginated registry view, in order.
 *
 * @param readPage - Reads one page from an offset; returns the items and the total.
 * @param options - Page size and the bound on the entries read.
 * @returns The items of the first `maxEntries` entries, in order.
 */
export async function readAllPages<T>(
  readPage: (offset: bigint, limit: bigint) => Promise<{ page: readonly T[]; total: bigint }>,
  options: ReadAllPagesOptions = {},
): Promise<T[]> {
  const pageSize = BigInt(Math.max(1, options.pageSize ?? REGISTRY_PAGE_SIZE));
  const maxEntries = BigInt(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const items: T[] = [];
  let offset = 0n;
  while (offset < maxEntries) {
    const limit = pageSize < maxEntries - offset ? pageSize : maxEntries - offset;
    const { page, total } = await readPage(offset, limit);
    items.push(...page);
    offset += limit;
    if (offset >= total) break;
  }
  return items;
}
