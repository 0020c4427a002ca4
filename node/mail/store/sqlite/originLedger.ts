/** Where an {@link OriginLedger} finds and adds origin ids. */
export interface OriginIds {
  /** Every origin held, at open. */
  rows(): { id: number; key: string }[];
  /** Adds an origin inside the caller's transaction and returns its id. */
  add(key: string): number;
}

/** The origin of envelopes that no other server introduced (clients' pushes): never limited. */
export const NO_ORIGIN = 0;

/**
 * The bytes each origin (a replicating provider) holds in the store, and the share of a full store
 * each may hold. Origins are interned as small integers in the `origins` table; the byte totals
 * live in memory, loaded at open and kept by the store as it inserts, evicts and expires.
 */
export class OriginLedger {
  private readonly ids = new Map<string, number>();
  private held = new Map<number, number>();

  /**
   * @param source - Where origin ids are read and added.
   * @param shareBytes - Bytes one origin may hold once the store is full.
   */
  constructor(
    private readonly source: OriginIds,
    readonly shareBytes: number,
  ) {
    for (const row of source.rows()) this.ids.set(row.key, row.id);
  }

  /**
   * Whether an origin key has an id already.
   *
   * @param key - The origin key.
   * @returns True when known.
   */
  has(key: string): boolean {
    return this.ids.has(key);
  }

  /**
   * Records the id of an origin key added elsewhere (a store whose writes are asynchronous adds
   * ids before it decides outcomes), or forgets it again when `id` is undefined (its transaction
   * rolled back).
   *
   * @param key - The origin key.
   * @param id - Its id.
   */
  remember(key: string, id: number | undefined): void {
    if (id === undefined) this.ids.delete(key);
    else this.ids.set(key, id);
  }

  /**
   * The id of an origin key, added to the table the first time (inside the caller's transaction).
   *
   * @param key - The origin key; undefined for none.
   * @returns Its id, or {@link NO_ORIGIN}.
   */
  idOf(key: string | undefined): number {
    if (key === undefined) return NO_ORIGIN;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.source.add(key);
      this.ids.set(key, id);
    }
    return id;
  }

  /**
   * A working copy of the byte totals, for a transaction to change; {@link commit} keeps it.
   *
   * @returns The copy.
   */
  draft(): Map<number, number> {
    return new Map(this.held);
  }

  /**
   * Keeps the totals of a committed transaction.
   *
   * @param held - The draft the transaction changed.
   */
  commit(held: Map<number, number>): void {
    this.held = held;
  }

  /**
   * Sets the totals (at open, from the table).
   *
   * @param totals - Bytes per origin id.
   */
  load(totals: Iterable<[number, number]>): void {
    this.held = new Map([...totals].filter(([origin]) => origin !== NO_ORIGIN));
  }

  /**
   * Whether one more envelope of an origin fits its share.
   *
   * @param held - The totals being changed.
   * @param origin - The origin id.
   * @param size - The envelope's size.
   * @returns True for {@link NO_ORIGIN}, or while the origin stays within its share.
   */
  fits(held: ReadonlyMap<number, number>, origin: number, size: number): boolean {
    return origin === NO_ORIGIN || (held.get(origin) ?? 0) + size <= this.shareBytes;
  }

  /**
   * The origin furthest over its share, if any is.
   *
   * @param held - The totals being changed.
   * @returns Its id, or undefined.
   */
  overShare(held: ReadonlyMap<number, number>): number | undefined {
    let worst: number | undefined;
    let excess = 0;
    for (const [origin, bytes] of held) {
      if (bytes - this.shareBytes > excess) {
        excess = bytes - this.shareBytes;
        worst = origin;
      }
    }
    return worst;
  }
}

/**
 * Adds (or, with a negative size, removes) bytes to an origin's total.
 *
 * @param held - The totals being changed.
 * @param origin - The origin id.
 * @param size - Bytes.
 */
export function addHeld(held: Map<number, number>, origin: number, size: number): void {
  if (origin === NO_ORIGIN) return;
  const bytes = (held.get(origin) ?? 0) + size;
  if (bytes <= 0) held.delete(origin);
  else held.set(origin, bytes);
}
