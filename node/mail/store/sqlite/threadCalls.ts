import type { Worker } from "node:worker_threads";

interface Call {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * The calls out to one store thread, each waiting for the answer that carries its id. The thread
 * keeps the process alive while a call is out, not while it is idle.
 */
export class ThreadCalls {
  private readonly worker: Worker;
  private readonly calls = new Map<number, Call>();
  private nextId = 0;

  /** @param worker - The thread the calls go to. */
  constructor(worker: Worker) {
    this.worker = worker;
    worker.unref();
  }

  /**
   * A new call.
   *
   * @returns Its id, and the promise its answer settles.
   */
  register(): { id: number; answer: Promise<unknown> } {
    const id = (this.nextId += 1);
    const done = Promise.withResolvers<unknown>();
    this.calls.set(id, { resolve: done.resolve, reject: done.reject });
    if (this.calls.size === 1) this.worker.ref();
    return { id, answer: done.promise };
  }

  /** Ends a call (none if it has ended already), settling it with `end`. */
  private settle(id: number, end: (call: Call) => void): void {
    const call = this.calls.get(id);
    if (call === undefined) return;
    this.calls.delete(id);
    if (this.calls.size === 0) this.worker.unref();
    end(call);
  }

  /** Resolves a call with its answer. */
  resolve(id: number, value: unknown): void {
    this.settle(id, (call) => {
      call.resolve(value);
    });
  }

  /** Rejects a call. */
  reject(id: number, error: unknown): void {
    this.settle(id, (call) => {
      call.reject(error);
    });
  }

  /**
   * Rejects every call still out.
   *
   * @param error - Why.
   */
  rejectAll(error: Error): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    this.worker.unref();
    for (const call of calls) call.reject(error);
  }
}
