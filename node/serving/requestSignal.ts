/** The abort signal of one request, and how it ended. */
export interface RequestSignal {
  /** Aborts when the service shuts down or the time limit passes, whichever comes first. */
  readonly signal: AbortSignal;
  /** Whether the time limit passed (rather than the service shutting down). */
  readonly timedOut: boolean;
  /**
   * Starts the time limit again from now, for the request's next phase, keeping the same signal
   * (one timer and one shutdown listener serve the whole request).
   *
   * @returns False, changing nothing, when the signal has already aborted or was disposed: the
   * next phase then needs a signal of its own.
   */
  restart(): boolean;
  /** Stops the timer and detaches from the shutdown signal; call it when the request is done. */
  dispose(): void;
}

/**
 * A request's signal: aborted by the service's shutdown or after `timeoutMs`.
 *
 * It does what `AbortSignal.any([shutdown, AbortSignal.timeout(timeoutMs)])` does, without making
 * each request a dependant of the long-lived shutdown signal. Node keeps every `any()` signal in
 * a set on each of its sources and, whenever one is garbage-collected, scans the whole set: with a
 * signal per request that lives until its timeout, a busy node spends its time in that scan.
 * Here the request only listens to the shutdown signal, and stops listening when it is done.
 *
 * @param shutdown - The service's shutdown signal.
 * @param timeoutMs - The request's time limit.
 * @returns The signal; `dispose()` it when the request is done.
 */
export function requestSignal(shutdown: AbortSignal, timeoutMs: number): RequestSignal {
  const controller = new AbortController();
  let timedOut = false;
  let disposed = false;
  const onShutdown = (): void => {
    controller.abort(shutdown.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, timeoutMs);
  timer.unref();
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener("abort", onShutdown, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    restart() {
      if (disposed || controller.signal.aborted) return false;
      // Not aborted, so the timer has not fired: refreshing it only moves its deadline.
      timer.refresh();
      return true;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      shutdown.removeEventListener("abort", onShutdown);
    },
  };
}
