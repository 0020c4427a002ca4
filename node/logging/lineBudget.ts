/** Options of {@link LineBudget}. */
export interface LineBudgetInit {
  /** Most lines let through per interval. */
  maxLines: number;
  /** Most lines of one kind (same key) let through per interval. @default maxLines */
  maxRepeats?: number | undefined;
  /** Length of an interval, in milliseconds. */
  intervalMs: number;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
}

/** What {@link LineBudget.take} decided. */
export interface LineBudgetAnswer {
  /** Whether this line may be written. */
  allowed: boolean;
  /** Lines refused in the interval that just ended, to report once (0 when none). */
  droppedBefore: number;
}

/**
 * A fixed-window limit on log lines: at most `maxLines` per `intervalMs`, and at most `maxRepeats`
 * of one kind (a log call's format string), the rest counted and reported with the first line of
 * the next interval, so a flood (a log call per stream or per dial) costs a bounded number of lines
 * and one noisy call cannot hide the others.
 *
 * @example
 * ```ts
 * const budget = new LineBudget({ maxLines: 30, intervalMs: 60_000 });
 * if (budget.take().allowed) logger.warn("…");
 * ```
 */
export class LineBudget {
  private readonly init: LineBudgetInit;
  private readonly now: () => number;
  private windowStart = -Infinity;
  private used = 0;
  private dropped = 0;
  /** Lines let through in this interval, by kind (at most `maxLines` entries). */
  private readonly kinds = new Map<string, number>();

  /** @param init - Lines per interval, interval, clock. */
  constructor(init: LineBudgetInit) {
    this.init = init;
    this.now = init.now ?? Date.now;
  }

  /**
   * Asks to write one line.
   *
   * @param kind - What kind of line it is (lines of one kind count against `maxRepeats`).
   * @returns Whether it may be written, and how many were refused in the interval before.
   */
  take(kind = ""): LineBudgetAnswer {
    const now = this.now();
    let droppedBefore = 0;
    if (now - this.windowStart >= this.init.intervalMs) {
      droppedBefore = this.dropped;
      this.windowStart = now;
      this.used = 0;
      this.dropped = 0;
      this.kinds.clear();
    }
    const repeats = this.kinds.get(kind) ?? 0;
    if (this.used >= this.init.maxLines || repeats >= (this.init.maxRepeats ?? this.init.maxLines)) {
      this.dropped++;
      return { allowed: false, droppedBefore };
    }
    this.used++;
    this.kinds.set(kind, repeats + 1);
    return { allowed: true, droppedBefore };
  }
}
