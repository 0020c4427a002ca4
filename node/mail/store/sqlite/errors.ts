import { WaymarkError } from "../../../../client/kernel/errors/base.js";

/**
 * The thread that owns the SQLite mail store stopped (it crashed, ran out of memory, or was
 * terminated): nothing sent to it after its last reported commit was committed, and the store
 * refuses every call from then on.
 */
export class MailStoreThreadError extends WaymarkError {
  override name = "MailStoreThreadError" as const;

  /**
   * @param reason - Why the thread stopped (its error, or its exit code).
   * @param options - The thread's error.
   */
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`The mail store's commit thread stopped: ${reason}`, {
      cause: options.cause,
      hint: "Restart the node; the log above names what stopped the thread.",
    });
  }
}
