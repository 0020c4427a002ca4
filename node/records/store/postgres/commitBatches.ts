/** Options of {@link CommitBatches}. */
export interface CommitBatchesInit {
  /** Share one commit between the items queued while one commits. */
  group: boolean;
  /** Items committed together at most. */
  maxBatchSize: number;
}

interface Job<T, R> {
  item: T;
  resolve(outcome: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the records store on a database server: callers queue items and get a promise
 * that settles after the transaction holding them has committed. One commit runs at a time; what
 * is queued meanwhile goes into the next one (up to `maxBatchSize` items). Other work that must
 * not interleave with commits (the sweep, closing) runs through {@link exclusive}. (The mail store
 * has the same queue; the service kinds do not import each other.)
 */
export class CommitBatches<T, R> {
  private readonly commit: (items: readonly T[]) => Promise<R[]>;
  private readonly init: CommitBatchesInit;
  private jobs: Job<T, R>[] = [];
  private draining: Promise<void> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * @param commit - Commits items in one transaction and returns one outcome per item; rejects to
   * fail the whole batch.
   * @param init - Grouping and batch size.
   */
  constructor(commit: (items: readonly T[]) => Promise<R[]>, init: CommitBatchesInit) {
    this.commit = commit;
    this.init = init;
  }

  /**
   * Queues an item for the next commit.
   *
   * @param item - What to commit.
   * @returns Its outcome, once committed.
   */
  add(item: T): Promise<R> {
    const done = Promise.withResolvers<R>();
    this.jobs.push({ item, resolve: done.resolve, reject: done.reject });
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
      // Let the callers of this event-loop turn queue theirs before the first commit.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.jobs.length > 0) {
        const size = this.init.group ? this.init.maxBatchSize : 1;
        const jobs = this.jobs.splice(0, size);
        try {
          const outcomes = await this.exclusive(async () => this.commit(jobs.map((job) => job.item)));
          jobs.forEach((job, i) => {
            job.resolve(outcomes[i] as R);
          });
        } catch (err) {
          for (const job of jobs) job.reject(err);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }
}
