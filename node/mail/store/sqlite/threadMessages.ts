import { StoreSchemaTooNewError } from "../../../errors/store.js";
import type { PutOutcome, StoredEnvelope, StoreStats } from "../types.js";
import type { MailReadOp } from "./reads.js";
import type { SqliteMailStoreInit } from "./sqliteMailStore.js";

/**
 * The store calls a store thread serves one by one: on the commit thread every `MailStore` method
 * but `stats` and `put` (puts travel in groups, see {@link ThreadPuts}); on the read thread the
 * reads and `close`.
 */
export type ThreadOp = MailReadOp | "expire" | "getMeta" | "setMeta" | "close";

/** What the read thread is started with: the database file it opens read-only. */
export interface ReadThreadInit {
  path: string;
}

/** What the thread is started with: the store's options (no clock: each call carries the time). */
export interface ThreadInit {
  store: Omit<SqliteMailStoreInit, "clock">;
  /** The caller's clock when the thread opens the store. */
  now: number;
}

/** One call to the thread. */
export interface ThreadCall {
  kind: "call";
  id: number;
  op: ThreadOp;
  args: unknown[];
  /** The caller's clock at the call, which the store reads as its own. */
  now: number;
}

/** One put of a group: its call's id and its envelopes. */
export interface ThreadPut {
  id: number;
  envelopes: readonly StoredEnvelope[];
}

/**
 * The puts the caller made in one event-loop turn, in the order made: one message there, and one
 * answer back once every one of them has committed (or failed).
 */
export interface ThreadPuts {
  kind: "puts";
  puts: ThreadPut[];
  /** The caller's clock when it sent the group, which the store reads as its own. */
  now: number;
}

/** What the calling thread posts. */
export type ThreadRequest = ThreadCall | ThreadPuts;

/** How one put of a group ended: its outcomes once committed, or why it failed. */
export type ThreadPutAnswer = { id: number; outcomes: PutOutcome[] } | { id: number; error: ThreadError };

/** An error, as it crosses between threads. */
export interface ThreadError {
  name: string;
  message: string;
  /** Own enumerable properties of the error (SQLite's `code`, `errcode`, `errstr`; a typed error's fields). */
  fields: Record<string, unknown>;
}

/**
 * What a thread posts: a call's answer, the answers to a group of puts (with the store's figures
 * after them), or the outcome of opening the store (the read thread has no figures to give).
 */
export type ThreadReply =
  | { kind: "ready"; stats: StoreStats | undefined }
  | { kind: "failed"; error: ThreadError }
  | { kind: "done"; id: number; value: unknown; stats: StoreStats | undefined }
  | { kind: "error"; id: number; error: ThreadError; stats: StoreStats | undefined }
  | { kind: "puts"; answers: ThreadPutAnswer[]; stats: StoreStats | undefined };

/**
 * An error in a form that crosses threads.
 *
 * @param err - What was thrown.
 * @returns Its name, message and plain fields.
 */
export function toThreadError(err: unknown): ThreadError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ["string", "number", "boolean", "undefined"].includes(typeof value))
      fields[key] = value;
  }
  return { name: err.name, message: err.message, fields };
}

/**
 * The error a thread reported, rebuilt: the typed error the store's open raises keeps its class;
 * any other error keeps its name, message and fields.
 *
 * @param error - What the thread posted.
 * @returns The error.
 */
export function fromThreadError(error: ThreadError): Error {
  const { fields } = error;
  if (
    error.name === "StoreSchemaTooNewError" &&
    typeof fields.found === "number" &&
    typeof fields.known === "number"
  ) {
    return new StoreSchemaTooNewError("the mail store", fields.found, fields.known);
  }
  const rebuilt = new Error(error.message);
  Object.assign(rebuilt, fields);
  rebuilt.name = error.name;
  return rebuilt;
}
