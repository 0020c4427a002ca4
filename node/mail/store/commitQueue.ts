/** Options of {@link CommitQueue}. */
export interface CommitQueueInit {
  /** Share one commit between the items queued in the same event-loop turn (or delay window). */
  group: boolean;
  /** Items committed together at most; a full batch commits at once. */
  maxBatchSize: number;
  /** Milliseconds to wait for more items; 0 commits at the next event-loop turn. */
  delayMs: number;
}

interface Job<T, R> {
  items: readonly T[];
  resolve(outcomes: R[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit: callers queue items and get a promise that settles after the transaction holding
 * them has committed. Every caller of one turn shares one transaction, so the fsync is paid once
 * per batch instead of once per item. With `group: false` each call commits on its own.
 */
export class CommitQueue<T, R> {
  private readonly commit: (items: readonly T[]) => R[];
  private readonly init: CommitQueueInit;
  private jobs: Job<T, R>[] = [];
  private queued = 0;
  private timer: { cancel(): void } | undefined;

  /**
   * @param commit - Commits items in one transaction and returns one outcome per item; throws to
   * fail the whole batch.
   * @param init - Grouping, batch size and delay.
   */
  constructor(commit: (items: readonly T[]) => R[], init: CommitQueueInit) {
    this.commit = commit;
    this.init = init;
  }

  /**
   * Queues items for the next commit.
   *
   * @param items - What to commit.
   * @returns One outcome per item, once committed.
   */
  async add(items: readonly T[]): Promise<R[]> {
    if (!this.init.group) return this.commit(items);
    const done = Promise.withResolvers<R[]>();
    this.jobs.push({ items, resolve: done.resolve, reject: done.reject });
    this.queued += items.length;
    if (this.queued >= this.init.maxBatchSize) this.flush();
    else this.schedule();
    return done.promise;
  }

  /** Commits everything queued now. */
  flush(): void {
    this.clearTimer();
    while (this.jobs.length > 0) {
      const jobs = this.takeBatch();
      let outcomes: R[];
      try {
        outcomes = this.commit(jobs.flatMap((job) => job.items));
      } catch (err) {
        for (const job of jobs) job.reject(err);
        continue;
      }
      let offset = 0;
      for (const job of jobs) {
        job.resolve(outcomes.slice(offset, offset + job.items.length));
        offset += job.items.length;
      }
    }
  }

  private takeBatch(): Job<T, R>[] {
    const batch: Job<T, R>[] = [];
    let size = 0;
    for (let job = this.jobs[0]; job !== undefined; job = this.jobs[0]) {
      if (batch.length > 0 && size + job.items.length > this.init.maxBatchSize) break;
      this.jobs.shift();
      batch.push(job);
      size += job.items.length;
    }
    this.queued -= size;
    return batch;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    if (this.init.delayMs > 0) {
      const timeout = setTimeout(() => {
        this.flush();
      }, this.init.delayMs);
      this.timer = {
        cancel: () => {
          clearTimeout(timeout);
        },
      };
    } else {
      const immediate = setImmediate(() => {
        this.flush();
      });
      this.timer = {
        cancel: () => {
          clearImmediate(immediate);
        },
      };
    }
  }

  private clearTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
