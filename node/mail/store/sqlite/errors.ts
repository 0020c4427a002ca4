import { WaymarkError } from "../../../../client/kernel/errors/base.js";

/**
 * A thread of the SQLite mail store stopped (it crashed, ran out of memory, or was terminated):
 * the commit thread, which owns the database (nothing sent to it after its last reported commit
 * was committed), or the read thread. The store refuses every call from then on.
 */
export class MailStoreThreadError extends WaymarkError {
  override name = "MailStoreThreadError" as const;

  /**
   * @param reason - Why the thread stopped (its error, or its exit code).
   * @param options - The thread's error, and which thread stopped (`commit` unless told).
   */
  constructor(reason: string, options: { cause?: unknown; thread?: "commit" | "read" } = {}) {
    super(`The mail store's ${options.thread ?? "commit"} thread stopped: ${reason}`, {
      cause: options.cause,
      hint: "Restart the node; the log above names what stopped the thread.",
    });
  }
}
