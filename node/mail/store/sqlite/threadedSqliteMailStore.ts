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
import type { MailReadOp } from "./reads.js";
import type { SqliteMailStoreInit, SqliteStoreOptions } from "./sqliteMailStore.js";
import { sqliteStoreInit } from "./sqliteMailStore.js";
import { ThreadCalls } from "./threadCalls.js";
import type {
  ReadThreadInit,
  ThreadCall,
  ThreadInit,
  ThreadOp,
  ThreadPut,
  ThreadPutAnswer,
  ThreadPuts,
  ThreadReply,
} from "./threadMessages.js";
import { fromThreadError } from "./threadMessages.js";

/** Options of {@link ThreadedSqliteMailStore}: the store's, and where its reads run. */
export interface ThreadedSqliteMailStoreInit extends SqliteMailStoreInit {
  /**
   * Answer reads on a thread of their own with a read-only connection (a store in a file only);
   * false runs them on the commit thread, behind its transactions, as a benchmark compares.
   * @default true
   */
  readThread?: boolean | undefined;
}

/** A store thread and the calls out to it. */
interface StoreThread {
  worker: Worker;
  calls: ThreadCalls;
}

/** The calls the read thread answers, when there is one. */
const READS: ReadonlySet<ThreadOp> = new Set<MailReadOp>(["query", "digest", "listIds", "get", "missing"]);

/**
 * The SQLite mail store with its database owned by a worker thread: every transaction, and the
 * fsync that makes a commit durable, runs on that thread, so the node's event loop keeps serving
 * sockets while a batch commits. The puts of one event-loop turn cross to the thread as one
 * message (and none crosses while the thread commits the previous group: they wait to form the
 * next); the thread groups them as the in-thread store does, so that what arrives while one batch
 * commits shares the next transaction (up to `maxBatchSize` envelopes), and answers a group once
 * all its puts have committed. Each put resolves only once the thread reports its transaction
 * committed. Figures (`stats`) come back with each commit, so reading them costs nothing. Every
 * other call crosses on its own, after the puts made before it.
 *
 * A store in a file also gets a second thread for its reads (history pages, digests, id listings,
 * `get`, `missing`), on a read-only connection: WAL lets it read while the commit thread writes,
 * so a read never waits for a transaction or its fsync, and a burst of reads drains beside a burst
 * of commits. It sees what has committed, as a read on the commit thread does (a put is
 * acknowledged only once committed). A store in memory has one connection, and one thread.
 *
 * Should either thread stop, every call pending or made later rejects with a
 * {@link MailStoreThreadError}, and nothing uncommitted is acknowledged.
 */
export class ThreadedSqliteMailStore implements MailStore {
  private readonly committer: StoreThread;
  private readonly reader: StoreThread | undefined;
  private readonly clock: () => number;
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

  private constructor(
    worker: Worker,
    reader: Worker | undefined,
    init: SqliteMailStoreInit,
    figures: StoreStats,
  ) {
    this.committer = { worker, calls: new ThreadCalls(worker) };
    this.clock = init.clock ?? Date.now;
    this.figures = figures;
    worker.on("message", (reply: ThreadReply) => {
      this.answer(reply);
    });
    this.watch(worker, "commit");
    if (reader === undefined) return;
    const calls = new ThreadCalls(reader);
    this.reader = { worker: reader, calls };
    reader.on("message", (reply: ThreadReply) => {
      if (reply.kind === "done") calls.resolve(reply.id, reply.value);
      else if (reply.kind === "error") calls.reject(reply.id, fromThreadError(reply.error));
    });
    this.watch(reader, "read");
  }

  /** Stops the store when a thread of its fails or exits before the store ends it. */
  private watch(worker: Worker, thread: "commit" | "read"): void {
    worker.on("error", (err) => {
      this.stop(new MailStoreThreadError(err.message, { cause: err, thread }));
    });
    worker.on("exit", (code) => {
      if (!this.ended) this.stop(new MailStoreThreadError(`it exited with code ${code}`, { thread }));
    });
  }

  /**
   * Starts the thread and opens the store on it.
   *
   * @param init - File, limits and commit tuning, as for the in-thread store, and where reads run.
   * @returns The open store.
   * @throws What opening the database throws (StoreSchemaTooNewError keeps its class), or a
   * MailStoreThreadError when the thread cannot start.
   */
  static async open(init: ThreadedSqliteMailStoreInit = {}): Promise<ThreadedSqliteMailStore> {
    const { clock, readThread = true, ...store } = init;
    const worker = startThread("commitThread", { store, now: (clock ?? Date.now)() });
    let reader: Worker | undefined;
    try {
      const opened = await firstReply(worker);
      if (opened === undefined) throw new MailStoreThreadError("it opened the store without its figures");
      // After the commit thread: the file and its schema exist once it has opened the store.
      if (readThread && inFile(init.path)) {
        reader = startThread("readThread", { path: init.path } satisfies ReadThreadInit);
        await firstReply(reader);
      }
      return new ThreadedSqliteMailStore(worker, reader, init, opened);
    } catch (err) {
      await Promise.all([worker.terminate(), reader?.terminate()]);
      throw err;
    }
  }

  async put(envelopes: readonly StoredEnvelope[]): Promise<PutOutcome[]> {
    if (this.closed) throw new Error("the mail store is closed");
    if (this.stopped !== undefined) throw this.stopped;
    const { id, answer } = this.committer.calls.register();
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
    const reader = this.reader;
    try {
      if (this.stopped === undefined)
        await Promise.all([
          this.call("close", []),
          reader === undefined ? undefined : this.post(reader, "close", []),
        ]);
    } finally {
      this.ended = true;
      await Promise.all([this.committer.worker.terminate(), reader?.worker.terminate()]);
      // None is left: every call was sent before closing, so answered before it.
      this.rejectAll(new Error("the mail store is closed"));
    }
  }

  private call(op: ThreadOp, args: unknown[]): Promise<unknown> {
    if (this.ended) return Promise.reject(new Error("the mail store is closed"));
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    if (this.reader !== undefined && READS.has(op)) return this.post(this.reader, op, args);
    // The puts made before this call reach the thread before it.
    this.sendPuts();
    return this.post(this.committer, op, args);
  }

  /** Posts one call to a thread; its answer. */
  private post(thread: StoreThread, op: ThreadOp, args: unknown[]): Promise<unknown> {
    const { id, answer } = thread.calls.register();
    const request: ThreadCall = { kind: "call", id, op, args, now: this.clock() };
    try {
      thread.worker.postMessage(request);
    } catch (err) {
      thread.calls.reject(id, err);
    }
    return answer;
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
    if (this.postPuts(puts) || puts.length === 1) return;
    // Some put's envelopes cannot be copied to the thread: each crosses alone, so only those fail.
    for (const put of puts) this.postPuts([put]);
  }

  /**
   * Posts a group of puts.
   *
   * @returns False when it could not be copied to the thread (a lone put is then rejected with why).
   */
  private postPuts(puts: ThreadPut[]): boolean {
    const request: ThreadPuts = { kind: "puts", puts, now: this.clock() };
    try {
      this.committer.worker.postMessage(request);
    } catch (err) {
      const [only] = puts;
      if (puts.length === 1 && only !== undefined) this.committer.calls.reject(only.id, err);
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
    if (reply.kind === "done") this.committer.calls.resolve(reply.id, reply.value);
    else this.committer.calls.reject(reply.id, fromThreadError(reply.error));
  }

  /** Settles the puts of a group the thread has answered, then sends the puts queued meanwhile. */
  private answerPuts(answers: readonly ThreadPutAnswer[], stats: StoreStats | undefined): void {
    this.groupsOut -= 1;
    if (stats !== undefined) this.figures = stats;
    for (const answer of answers) {
      if ("outcomes" in answer) this.committer.calls.resolve(answer.id, answer.outcomes);
      else this.committer.calls.reject(answer.id, fromThreadError(answer.error));
    }
    if (this.puts.length > 0) this.scheduleSend();
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
    this.committer.calls.rejectAll(error);
    this.reader?.calls.rejectAll(error);
  }
}

/** Waits for a thread to open the store: its figures (none from the read thread), or why it could not. */
async function firstReply(worker: Worker): Promise<StoreStats | undefined> {
  const done = Promise.withResolvers<StoreStats | undefined>();
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

/** Whether a store path names a file another connection can open (not an in-memory database). */
function inFile(path: string | undefined): path is string {
  return path !== undefined && path !== "" && path !== ":memory:" && !path.startsWith("file:");
}

/**
 * Starts one of the store's threads. Built code (`dist/`) runs the compiled entry; sources run by
 * tsx or vitest run the TypeScript entry through tsx's loader, registered on the new thread.
 */
function startThread(name: "commitThread" | "readThread", init: ThreadInit | ReadThreadInit): Worker {
  const compiled = import.meta.url.endsWith(".js");
  const entry = new URL(`./${name}.${compiled ? "js" : "ts"}`, import.meta.url);
  if (compiled) return new Worker(entry, { workerData: init });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}
