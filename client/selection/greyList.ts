/** Options of {@link GreyList}. */
export interface GreyListInit {
  /** Time out after a first failure, in milliseconds; doubled on each further failure. */
  baseMs: number;
  /** Longest time out, in milliseconds. */
  maxMs: number;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * Servers that failed recently, each kept out for an exponentially growing time: `baseMs` after
 * the first failure, doubling up to `maxMs`. A success clears the record.
 */
export class GreyList {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { failures: number; until: number }>();

  /** @param init - Back-off times and clock. */
  constructor(init: GreyListInit) {
    this.baseMs = init.baseMs;
    this.maxMs = init.maxMs;
    this.now = init.now ?? Date.now;
  }

  /**
   * Records a failure.
   *
   * @param peerId - The server.
   * @returns When it may be tried again (milliseconds since the epoch).
   */
  fail(peerId: string): number {
    const failures = (this.entries.get(peerId)?.failures ?? 0) + 1;
    const until = this.now() + Math.min(this.maxMs, this.baseMs * 2 ** Math.min(failures - 1, 30));
    this.entries.set(peerId, { failures, until });
    return until;
  }

  /** @param peerId - A server that just worked; its record is cleared. */
  succeed(peerId: string): void {
    this.entries.delete(peerId);
  }

  /**
   * @param peerId - The server.
   * @returns True while it is kept out.
   */
  has(peerId: string): boolean {
    const entry = this.entries.get(peerId);
    return entry !== undefined && entry.until > this.now();
  }

  /**
   * @param peerIds - Servers to consider; all when absent.
   * @returns The earliest time one of them may be tried again, if any is kept out.
   */
  earliestRetry(peerIds?: Iterable<string>): number | undefined {
    const now = this.now();
    let earliest: number | undefined;
    for (const peerId of peerIds ?? this.entries.keys()) {
      const until = this.entries.get(peerId)?.until;
      if (until !== undefined && until > now && (earliest === undefined || until < earliest))
        earliest = until;
    }
    return earliest;
  }
}
