import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

import type {
  DigestBucket,
  MailStore,
  Position,
  PutOutcome,
  StoreQuery,
  StorePage,
  StoredEnvelope,
  StoreStats,
} from "../types.js";
import { MailStoreThreadError } from "./errors.js";
import type { SqliteMailStoreInit, SqliteStoreOptions } from "./sqliteMailStore.js";
import { sqliteStoreInit } from "./sqliteMailStore.js";
import type { ThreadInit, ThreadOp, ThreadReply, ThreadRequest } from "./threadMessages.js";
import { fromThreadError } from "./threadMessages.js";

interface Call {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * The SQLite mail store with its database owned by a worker thread: every transaction, and the
 * fsync that makes a commit durable, runs on that thread, so the node's event loop keeps serving
 * sockets while a batch commits. Each put is sent to the thread at once; the thread groups them
 * as the in-thread store does, so that what arrives while one batch commits shares the next
 * transaction (up to `maxBatchSize` envelopes), and each put resolves only once the thread reports
 * its transaction committed. Figures (`stats`) come back with each commit, so reading them costs
 * nothing. Should the thread stop, every call pending or made later rejects with a
 * {@link MailStoreThreadError}, and nothing uncommitted is acknowledged.
 */
export class ThreadedSqliteMailStore implements MailStore {
  private readonly worker: Worker;
  private readonly clock: () => number;
  private readonly calls = new Map<number, Call>();
  private nextId = 0;
  private figures: StoreStats;
  private stopped: MailStoreThreadError | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private ended = false;

  private constructor(worker: Worker, init: SqliteMailStoreInit, figures: StoreStats) {
    this.worker = worker;
    this.clock = init.clock ?? Date.now;
    this.figures = figures;
    worker.on("message", (reply: ThreadReply) => {
      this.answer(reply);
    });
    worker.on("error", (err) => {
      this.stop(new MailStoreThreadError(err.message, { cause: err }));
    });
    worker.on("exit", (code) => {
      if (!this.ended) this.stop(new MailStoreThreadError(`it exited with code ${code}`));
    });
    worker.unref();
  }

  /**
   * Starts the thread and opens the store on it.
   *
   * @param init - File, limits and commit tuning, as for the in-thread store.
   * @returns The open store.
   * @throws What opening the database throws (StoreSchemaTooNewError keeps its class), or a
   * MailStoreThreadError when the thread cannot start.
   */
  static async open(init: SqliteMailStoreInit = {}): Promise<ThreadedSqliteMailStore> {
    const { clock, ...store } = init;
    const worker = startThread({ store, now: (clock ?? Date.now)() });
    const opened = await firstReply(worker).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    return new ThreadedSqliteMailStore(worker, init, opened);
  }

  async put(envelopes: readonly StoredEnvelope[]): Promise<PutOutcome[]> {
    if (this.closed) throw new Error("the mail store is closed");
    if (this.stopped !== undefined) throw this.stopped;
    return this.call("put", [envelopes]) as Promise<PutOutcome[]>;
  }

  query(query: StoreQuery): Promise<StorePage> {
    return this.call("query", [query]) as Promise<StorePage>;
  }

  digest(from: number, to: number, buckets: number, now: number): Promise<DigestBucket[]> {
    return this.call("digest", [from, to, buckets, now]) as Promise<DigestBucket[]>;
  }

  listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: Position | undefined }> {
    return this.call("listIds", [from, to, after, limit, now]) as Promise<{
      ids: Uint8Array[];
      next: Position | undefined;
    }>;
  }

  get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<StoredEnvelope[]> {
    return this.call("get", [ids, maxBytes, now]) as Promise<StoredEnvelope[]>;
  }

  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return this.call("missing", [ids]) as Promise<Uint8Array[]>;
  }

  expire(now: number): Promise<number> {
    // The thread commits the puts it holds, then sweeps. It does not wait for pushes to stop,
    // which under a steady stream would be never.
    return this.call("expire", [now]) as Promise<number>;
  }

  getMeta(key: string): Promise<string | undefined> {
    return this.call("getMeta", [key]) as Promise<string | undefined>;
  }

  setMeta(key: string, value: string): Promise<void> {
    return this.call("setMeta", [key, value]) as Promise<void>;
  }

  stats(): StoreStats {
    return { ...this.figures };
  }

  /** Commits what is queued, closes the database on its thread, and ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    try {
      if (this.stopped === undefined) await this.call("close", []);
    } finally {
      this.ended = true;
      await this.worker.terminate();
      // None is left: every call was sent before closing, so answered before it.
      this.rejectAll(new Error("the mail store is closed"));
    }
  }

  private call(op: ThreadOp, args: unknown[]): Promise<unknown> {
    if (this.ended) return Promise.reject(new Error("the mail store is closed"));
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    const id = (this.nextId += 1);
    const done = Promise.withResolvers<unknown>();
    this.calls.set(id, { resolve: done.resolve, reject: done.reject });
    const request: ThreadRequest = { id, op, args, now: this.clock() };
    this.worker.postMessage(request);
    // Keep the process alive while a call is out, not while the store is idle.
    if (this.calls.size === 1) this.worker.ref();
    return done.promise;
  }

  private answer(reply: ThreadReply): void {
    if (reply.kind !== "done" && reply.kind !== "error") return;
    if (reply.stats !== undefined) this.figures = reply.stats;
    const call = this.calls.get(reply.id);
    if (call === undefined) return;
    this.calls.delete(reply.id);
    if (this.calls.size === 0) this.worker.unref();
    if (reply.kind === "done") call.resolve(reply.value);
    else call.reject(fromThreadError(reply.error));
  }

  private stop(error: MailStoreThreadError): void {
    this.stopped ??= error;
    this.rejectAll(this.stopped);
  }

  private rejectAll(error: Error): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    this.worker.unref();
    for (const call of calls) call.reject(error);
  }
}

/** Waits for the thread to open the store: its figures, or why it could not. */
async function firstReply(worker: Worker): Promise<StoreStats> {
  const done = Promise.withResolvers<StoreStats>();
  const onMessage = (reply: ThreadReply): void => {
    if (reply.kind === "ready") done.resolve(reply.stats);
    else if (reply.kind === "failed") done.reject(fromThreadError(reply.error));
    else done.reject(new MailStoreThreadError(`it answered ${reply.kind} before opening the store`));
  };
  const onError = (err: Error): void => {
    done.reject(new MailStoreThreadError(err.message, { cause: err }));
  };
  const onExit = (code: number): void => {
    done.reject(new MailStoreThreadError(`it exited with code ${code} before opening the store`));
  };
  worker.on("message", onMessage).on("error", onError).on("exit", onExit);
  try {
    return await done.promise;
  } finally {
    // Only these listeners: the worker keeps its own.
    worker.off("message", onMessage).off("error", onError).off("exit", onExit);
  }
}

/**
 * Opens the SQLite store the service's limits describe, on a thread of its own.
 *
 * @param init - Path, clock and the commit and size limits.
 * @returns The open store.
 * @throws What {@link ThreadedSqliteMailStore.open} throws.
 */
export async function openThreadedSqliteStore(init: SqliteStoreOptions): Promise<ThreadedSqliteMailStore> {
  return ThreadedSqliteMailStore.open(sqliteStoreInit(init));
}

/**
 * Starts the store's thread. Built code (`dist/`) runs the compiled entry; sources run by tsx or
 * vitest run the TypeScript entry through tsx's loader, registered on the new thread.
 */
function startThread(init: ThreadInit): Worker {
  const compiled = import.meta.url.endsWith(".js");
  const entry = new URL(compiled ? "./commitThread.js" : "./commitThread.ts", import.meta.url);
  if (compiled) return new Worker(entry, { workerData: init });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}
