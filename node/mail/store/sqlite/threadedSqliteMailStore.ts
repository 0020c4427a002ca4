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
import type {
  ThreadCall,
  ThreadInit,
  ThreadOp,
  ThreadPut,
  ThreadPutAnswer,
  ThreadPuts,
  ThreadReply,
} from "./threadMessages.js";
import { fromThreadError } from "./threadMessages.js";

interface Call {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * The SQLite mail store with its database owned by a worker thread: every transaction, and the
 * fsync that makes a commit durable, runs on that thread, so the node's event loop keeps serving
 * sockets while a batch commits. The puts of one event-loop turn cross to the thread as one
 * message (and none crosses while the thread commits the previous group: they wait to form the
 * next); the thread groups them as the in-thread store does, so that what arrives while one batch
 * commits shares the next transaction (up to `maxBatchSize` envelopes), and answers a group once
 * all its puts have committed. Each put resolves only once the thread reports its transaction
 * committed. Figures (`stats`) come back with each commit, so reading them costs nothing. Every
 * other call crosses on its own, after the puts made before it. Should the thread stop, every call
 * pending or made later rejects with a {@link MailStoreThreadError}, and nothing uncommitted is
 * acknowledged.
 */
export class ThreadedSqliteMailStore implements MailStore {
  private readonly worker: Worker;
  private readonly clock: () => number;
  private readonly calls = new Map<number, Call>();
  private nextId = 0;
  /** Puts not yet sent to the thread, in the order made. */
  private puts: ThreadPut[] = [];
  /** The send of `puts` scheduled for the end of this event-loop turn. */
  private sending: NodeJS.Immediate | undefined;
  /** Groups of puts sent and not yet answered. */
  private groupsOut = 0;
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
    const { id, answer } = this.register();
    this.puts.push({ id, envelopes });
    this.scheduleSend();
    return answer as Promise<PutOutcome[]>;
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
    // The puts made before this call reach the thread before it.
    this.sendPuts();
    const { id, answer } = this.register();
    const request: ThreadCall = { kind: "call", id, op, args, now: this.clock() };
    try {
      this.worker.postMessage(request);
    } catch (err) {
      this.settle(id, (call) => {
        call.reject(err);
      });
    }
    return answer;
  }

  /** A new call: its id, and the promise its answer settles. */
  private register(): { id: number; answer: Promise<unknown> } {
    const id = (this.nextId += 1);
    const done = Promise.withResolvers<unknown>();
    this.calls.set(id, { resolve: done.resolve, reject: done.reject });
    // Keep the process alive while a call is out, not while the store is idle.
    if (this.calls.size === 1) this.worker.ref();
    return { id, answer: done.promise };
  }

  /** Sends the queued puts at the end of this turn, unless a group is out (its answer sends them). */
  private scheduleSend(): void {
    if (this.sending !== undefined || this.groupsOut > 0) return;
    this.sending = setImmediate(() => {
      this.sending = undefined;
      this.sendPuts();
    });
  }

  /** Sends the queued puts to the thread now, as one group. */
  private sendPuts(): void {
    if (this.sending !== undefined) clearImmediate(this.sending);
    this.sending = undefined;
    const puts = this.puts;
    if (puts.length === 0) return;
    this.puts = [];
    if (this.post(puts) || puts.length === 1) return;
    // Some put's envelopes cannot be copied to the thread: each crosses alone, so only those fail.
    for (const put of puts) this.post([put]);
  }

  /**
   * Posts a group of puts.
   *
   * @returns False when it could not be copied to the thread (a lone put is then rejected with why).
   */
  private post(puts: ThreadPut[]): boolean {
    const request: ThreadPuts = { kind: "puts", puts, now: this.clock() };
    try {
      this.worker.postMessage(request);
    } catch (err) {
      const [only] = puts;
      if (puts.length === 1 && only !== undefined)
        this.settle(only.id, (call) => {
          call.reject(err);
        });
      return false;
    }
    this.groupsOut += 1;
    return true;
  }

  private answer(reply: ThreadReply): void {
    if (reply.kind === "puts") {
      this.answerPuts(reply.answers, reply.stats);
      return;
    }
    if (reply.kind !== "done" && reply.kind !== "error") return;
    if (reply.stats !== undefined) this.figures = reply.stats;
    if (reply.kind === "done")
      this.settle(reply.id, (call) => {
        call.resolve(reply.value);
      });
    else
      this.settle(reply.id, (call) => {
        call.reject(fromThreadError(reply.error));
      });
  }

  /** Settles the puts of a group the thread has answered, then sends the puts queued meanwhile. */
  private answerPuts(answers: readonly ThreadPutAnswer[], stats: StoreStats | undefined): void {
    this.groupsOut -= 1;
    if (stats !== undefined) this.figures = stats;
    for (const answer of answers) {
      this.settle(answer.id, (call) => {
        if ("outcomes" in answer) call.resolve(answer.outcomes);
        else call.reject(fromThreadError(answer.error));
      });
    }
    if (this.puts.length > 0) this.scheduleSend();
  }

  /** Ends a call, as `end` settles it. */
  private settle(id: number, end: (call: Call) => void): void {
    const call = this.calls.get(id);
    if (call === undefined) return;
    this.calls.delete(id);
    if (this.calls.size === 0) this.worker.unref();
    end(call);
  }

  private stop(error: MailStoreThreadError): void {
    this.stopped ??= error;
    // Queued puts were never sent: they are among the calls rejected.
    if (this.sending !== undefined) clearImmediate(this.sending);
    this.sending = undefined;
    this.puts = [];
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
