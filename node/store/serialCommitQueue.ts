/** Options of {@link SerialCommitQueue}. */
export interface SerialCommitQueueInit {
  /** Share one commit between the items queued while one commits. */
  group: boolean;
  /** Items committed together at most. */
  maxBatchSize: number;
  /** Milliseconds to wait for more items before the first commit; 0 waits one event-loop turn. @default 0 */
  delayMs?: number | undefined;
}

interface Job<T, R> {
  items: readonly T[];
  resolve(outcomes: R[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit for a store whose commits are asynchronous (a database server): callers queue items
 * and get a promise that settles after the transaction holding them has committed. One commit runs
 * at a time; what is queued meanwhile goes into the next one (up to `maxBatchSize` items), so the
 * server's commit is paid once per batch. Other work that must not interleave with commits
 * (expiry, sweeps, closing) runs through {@link exclusive}. Every service kind's PostgreSQL store
 * commits through it.
 */
export class SerialCommitQueue<T, R> {
  private readonly commit: (items: readonly T[]) => Promise<R[]>;
  private readonly init: SerialCommitQueueInit;
  private jobs: Job<T, R>[] = [];
  private draining: Promise<void> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * @param commit - Commits items in one transaction and returns one outcome per item; rejects to
   * fail the whole batch.
   * @param init - Grouping, batch size and delay.
   */
  constructor(commit: (items: readonly T[]) => Promise<R[]>, init: SerialCommitQueueInit) {
    this.commit = commit;
    this.init = init;
  }

  /**
   * Queues items for the next commit.
   *
   * @param items - What to commit.
   * @returns One outcome per item, once committed.
   */
  add(items: readonly T[]): Promise<R[]> {
    const done = Promise.withResolvers<R[]>();
    this.jobs.push({ items, resolve: done.resolve, reject: done.reject });
    this.draining ??= this.drain();
    return done.promise;
  }

  /** Settles once everything queued so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  /**
   * Runs work between commits, never during one.
   *
   * @param work - What to run.
   * @returns What it returns.
   */
  exclusive<X>(work: () => Promise<X>): Promise<X> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async drain(): Promise<void> {
    try {
      await new Promise((resolve) => {
        const delayMs = this.init.delayMs ?? 0;
        if (delayMs > 0) setTimeout(resolve, delayMs);
        else setImmediate(resolve);
      });
      while (this.jobs.length > 0) {
        const jobs = this.takeBatch();
        try {
          const outcomes = await this.exclusive(async () => this.commit(jobs.flatMap((job) => job.items)));
          let offset = 0;
          for (const job of jobs) {
            job.resolve(outcomes.slice(offset, offset + job.items.length));
            offset += job.items.length;
          }
        } catch (err) {
          for (const job of jobs) job.reject(err);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private takeBatch(): Job<T, R>[] {
    const batch: Job<T, R>[] = [];
    let size = 0;
    for (let job = this.jobs[0]; job !== undefined; job = this.jobs[0]) {
      if (batch.length > 0 && (!this.init.group || size + job.items.length > this.init.maxBatchSize)) break;
      this.jobs.shift();
      batch.push(job);
      size += job.items.length;
    }
    return batch;
  }
}
