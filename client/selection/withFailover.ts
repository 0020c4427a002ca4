import { setTimeout as sleep } from "node:timers/promises";

import { NoServerAvailableError, OperationAbortedError } from "../errors/client.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { ServerPool } from "./serverPool.js";

/** Options of {@link withFailover}. */
export interface WithFailoverOptions {
  /** Cancels the operation; it then rejects with OperationAbortedError. */
  signal?: AbortSignal | undefined;
  /** How long one attempt may take before it counts as a failure, in milliseconds. @default the client's `requestTimeoutMs` */
  timeoutMs?: number | undefined;
  /** How many servers to try. @default the client's `maxAttempts` */
  attempts?: number | undefined;
  /**
   * Whether an error means the server failed (try the next one) rather than the request being
   * wrong (give up at once). @default every error counts as a server failure
   */
  isServerFailure?: ((error: Error) => boolean) | undefined;
}

/** An operation on one server; it must honour the signal. */
export type ServerOperation<T> = (server: VerifiedCandidate, options: { signal: AbortSignal }) => Promise<T>;

/**
 * Runs an operation on the selected server and fails over when the server fails: the server is
 * grey-listed (exponential back-off), `server:failed` is emitted and the next attempt selects
 * another server. When every verified server is grey-listed, it waits until the first one may be
 * retried, if that is within one request's time limit, before the next attempt.
 *
 * @param pool - The client's server pool.
 * @param options - The client's resolved options.
 * @param operation - The operation, given the server and a signal that enforces the time limit.
 * @param parameters - Signal, time limit, attempts, error classification.
 * @returns What the operation returned.
 * @throws NoServerAvailableError when every attempt failed or no server is available.
 * @throws OperationAbortedError when `signal` aborts.
 */
export async function withFailover<T>(
  pool: ServerPool,
  options: ResolvedClientOptions,
  operation: ServerOperation<T>,
  parameters: WithFailoverOptions = {},
): Promise<T> {
  const attempts = parameters.attempts ?? options.maxAttempts;
  const timeoutMs = parameters.timeoutMs ?? options.requestTimeoutMs;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let server: VerifiedCandidate;
    try {
      server = (await pool.select({ signal: parameters.signal })).server;
    } catch (err) {
      // Wait for a grey-listed server only when it may be retried within one request's time.
      const waitMs =
        err instanceof NoServerAvailableError && err.retryAt !== undefined
          ? err.retryAt - Date.now()
          : Infinity;
      if (!(err instanceof NoServerAvailableError) || attempt === attempts || waitMs > timeoutMs) {
        throw lastError === undefined || !(err instanceof NoServerAvailableError)
          ? err
          : new NoServerAvailableError(options.service, {
              details: err.details,
              discovery: err.discovery,
              cause: lastError,
            });
      }
      await wait(waitMs, parameters.signal);
      continue;
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = parameters.signal === undefined ? timeout : AbortSignal.any([timeout, parameters.signal]);
    try {
      const result = await operation(server, { signal });
      pool.succeed(server);
      return result;
    } catch (err) {
      if (parameters.signal?.aborted === true) {
        throw new OperationAbortedError("The request", { cause: parameters.signal.reason });
      }
      const error = err instanceof Error ? err : new Error(String(err));
      if (parameters.isServerFailure !== undefined && !parameters.isServerFailure(error)) throw error;
      lastError = error;
      pool.fail(server, error);
    }
  }
  throw new NoServerAvailableError(options.service, {
    details: `${attempts} attempts failed`,
    cause: lastError,
  });
}

async function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    throw new OperationAbortedError("The request", { cause: err });
  }
}
