import { OperationAbortedError } from "../errors/client.js";

/**
 * Throws when the selection's signal has aborted.
 *
 * @param signal - The caller's signal, if any.
 * @throws OperationAbortedError when it has aborted.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new OperationAbortedError("Server selection", { cause: signal.reason });
}

/**
 * Waits for a promise, at most until `signal` aborts (the work behind the promise goes on).
 *
 * @param promise - What to wait for.
 * @param signal - Stops waiting.
 * @returns What the promise resolved to.
 * @throws OperationAbortedError when `signal` aborts first.
 */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  throwIfAborted(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new OperationAbortedError("Server selection", { cause: signal.reason }));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}
