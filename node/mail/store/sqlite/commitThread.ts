/**
 * Entry of the thread that owns a SQLite mail store (see `ThreadedSqliteMailStore`): it opens
 * the database, runs every call it is sent in order, and posts each answer with the store's
 * figures; a group of puts gets one answer, once all of them have committed. Its transactions and
 * their fsync block this thread only, never the node's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";

import type { MailStore, StoreStats } from "../types.js";
import { dispatchRead } from "./reads.js";
import type { SqliteMailStore } from "./sqliteMailStore.js";
import type {
  ThreadCall,
  ThreadInit,
  ThreadPutAnswer,
  ThreadPuts,
  ThreadReply,
  ThreadRequest,
} from "./threadMessages.js";
import { toThreadError } from "./threadMessages.js";
import { quietSqliteExperimentalWarning } from "./threadWarnings.js";

quietSqliteExperimentalWarning();
// Loaded after the warning is quieted: `node:sqlite` warns when first loaded.
const { SqliteMailStore: Store } = await import("./sqliteMailStore.js");

const port = parentPort;
if (port === null) throw new Error("the mail store's commit thread must run as a worker thread");
const init = workerData as ThreadInit;
let now = init.now;

function post(reply: ThreadReply): void {
  port?.postMessage(reply);
}

let store: SqliteMailStore | undefined;
try {
  // Puts that arrive while a transaction commits are queued in this thread's event loop, and
  // share the next transaction (group commit, as on the calling thread).
  store = new Store({ ...init.store, clock: () => now });
  post({ kind: "ready", stats: store.stats() });
} catch (err) {
  post({ kind: "failed", error: toThreadError(err) });
}

if (store !== undefined) {
  const open = store;
  port.on("message", (request: ThreadRequest) => {
    now = request.now;
    const reply = request.kind === "puts" ? runPuts(open, request) : run(open, request);
    void reply.then((reply) => {
      post(reply);
    });
  });
}

/**
 * Queues a group's puts, in order, for the store's group commit (they share its next
 * transactions); one answer once all have settled. Each put settles on its own: one that fails
 * fails no other put of the group unless they shared the failed transaction.
 */
async function runPuts(open: SqliteMailStore, request: ThreadPuts): Promise<ThreadReply> {
  const { puts } = request;
  const settled = await Promise.allSettled(puts.map(async ({ envelopes }) => open.put(envelopes)));
  const answers = settled.map((result, i): ThreadPutAnswer => {
    const id = puts[i]?.id ?? 0;
    return result.status === "fulfilled"
      ? { id, outcomes: result.value }
      : { id, error: toThreadError(result.reason) };
  });
  return { kind: "puts", answers, stats: statsOf(open, false) };
}

/** Runs one call on the store; its answer, or the error it threw. */
async function run(open: SqliteMailStore, request: ThreadCall): Promise<ThreadReply> {
  const changes = request.op === "expire";
  try {
    const value = await dispatch(open, request);
    return { kind: "done", id: request.id, value, stats: changes ? statsOf(open, true) : undefined };
  } catch (err) {
    const stats = changes ? statsOf(open, true) : undefined;
    return { kind: "error", id: request.id, error: toThreadError(err), stats };
  }
}

/** Calls the store method a request names, with the arguments the calling thread sent. */
async function dispatch(store: MailStore, { op, args }: ThreadCall): Promise<unknown> {
  switch (op) {
    case "expire":
      return store.expire(...(args as Parameters<MailStore["expire"]>));
    case "getMeta":
      return store.getMeta(...(args as Parameters<MailStore["getMeta"]>));
    case "setMeta":
      return store.setMeta(...(args as Parameters<MailStore["setMeta"]>));
    case "close":
      await store.close();
      // The answers to the puts that closing committed are posted in this turn's microtasks:
      // this answer follows them (the calling thread ends this one when it arrives).
      await new Promise((resolve) => setImmediate(resolve));
      return undefined;
    default:
      return dispatchRead(store, op, args);
  }
}

let turnStats: StoreStats | undefined;

/**
 * The store's figures after puts or a sweep (undefined once the store is closed).
 *
 * @param fresh - Read them again even if this turn's reading is there (after a sweep).
 */
function statsOf(open: SqliteMailStore, fresh: boolean): StoreStats | undefined {
  try {
    // The puts of one transaction are answered together, in the microtasks that follow it: one
    // reading serves them (cleared before the next task, which may commit again).
    if (turnStats === undefined || fresh) {
      turnStats = open.stats();
      queueMicrotask(() => {
        turnStats = undefined;
      });
    }
    return turnStats;
  } catch {
    // Closed meanwhile (the puts that closing commits are answered after it): the calling
    // thread keeps the figures it has.
    return undefined;
  }
}
