/**
 * Remembers which keys were seen, up to a bound (the oldest are forgotten first), so that a
 * recurring problem is reported once rather than on every attempt.
 */
export class ReportOnce {
  private readonly seen = new Set<string>();

  /** @param maxKeys - Keys remembered at most. */
  constructor(private readonly maxKeys: number) {}

  /**
   * Whether a key is new; remembers it.
   *
   * @param key - What identifies the problem.
   * @returns True the first time (while remembered).
   */
  first(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    for (const oldest of this.seen) {
      if (this.seen.size <= this.maxKeys) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}
