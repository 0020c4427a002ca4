/** What one batch call returns: for each key it was asked about, the value or why it failed. */
export type BatchOutcome<V> = ReadonlyMap<string, V | Error>;

/**
 * Coalesces requests for keys into batch calls: every key requested in the same turn of the event
 * loop goes into ONE call of `run`, and a key whose call is under way is not asked again (its
 * callers share the answer). The verifier uses it so that N callers checking one node each cost
 * one registry request.
 *
 * @example
 * ```ts
 * const calls = new CoalescedCalls(async (keys) => new Map(keys.map((key) => [key, key.length])));
 * const [a, b] = await Promise.all([calls.request("a"), calls.request("bb")]); // one call of run
 * ```
 */
export class CoalescedCalls<V> {
  /** Keys waiting for the next call, with what their callers wait on. */
  private queued: Map<string, PromiseWithResolvers<V>> | undefined;
  /** Keys asked about in a call under way (or the next one), with what their callers wait on. */
  private readonly inflight = new Map<string, Promise<V>>();

  /**
   * @param run - Asks about a batch of keys; a key missing from its answer fails; a rejection
   * fails every key of the batch.
   */
  constructor(private readonly run: (keys: readonly string[]) => Promise<BatchOutcome<V>>) {}

  /**
   * The value for a key, from the next batch call (or the one under way that asks about it).
   *
   * @param key - What to ask about.
   * @returns Its value.
   * @throws Whatever the batch call gave for the key.
   */
  async request(key: string): Promise<V> {
    const running = this.inflight.get(key);
    if (running !== undefined) return running;
    if (this.queued === undefined) {
      const queued = new Map<string, PromiseWithResolvers<V>>();
      this.queued = queued;
      setImmediate(() => {
        void this.flush(queued);
      });
    }
    const deferred = Promise.withResolvers<V>();
    // Every caller awaits it; this only keeps a rejection nobody awaits any more from being reported.
    deferred.promise.catch(() => undefined);
    this.queued.set(key, deferred);
    this.inflight.set(key, deferred.promise);
    return deferred.promise;
  }

  /**
   * Stops sharing calls under way: the next request for the key (or any key) makes a new call.
   * Callers already waiting still get their answers.
   *
   * @param key - One key; all when absent.
   */
  detach(key?: string): void {
    if (key === undefined) this.inflight.clear();
    else this.inflight.delete(key);
  }

  private async flush(queued: Map<string, PromiseWithResolvers<V>>): Promise<void> {
    if (this.queued === queued) this.queued = undefined;
    let outcome: BatchOutcome<V> | Error;
    try {
      outcome = await this.run([...queued.keys()]);
    } catch (err) {
      outcome = err instanceof Error ? err : new Error(String(err));
    }
    for (const [key, deferred] of queued) {
      const result =
        outcome instanceof Error ? outcome : (outcome.get(key) ?? new Error(`no answer for ${key}`));
      if (result instanceof Error) deferred.reject(result);
      else deferred.resolve(result);
      if (this.inflight.get(key) === deferred.promise) this.inflight.delete(key);
    }
  }
}
