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
  /** Stops the timer and leaves the shutdown signal's requests; call it when the request is done. */
  dispose(): void;
}

/**
 * The requests in flight under each shutdown signal, each by the callback that aborts it. One
 * listener per shutdown signal aborts them all; a request joins and leaves its set in constant time.
 */
const inFlight = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * The set of requests under a shutdown signal, listening to the signal on first use.
 *
 * @param shutdown - A service's shutdown signal, not yet aborted.
 * @returns The set.
 */
function requestsUnder(shutdown: AbortSignal): Set<() => void> {
  let requests = inFlight.get(shutdown);
  if (requests === undefined) {
    const created = new Set<() => void>();
    shutdown.addEventListener(
      "abort",
      () => {
        for (const abort of [...created]) abort();
        created.clear();
      },
      { once: true },
    );
    inFlight.set(shutdown, created);
    requests = created;
  }
  return requests;
}

/**
 * Runs `abort` when the service shuts down (at once when it already has), without adding a listener
 * to its shutdown signal: the callbacks under one signal are a set, run by one listener.
 *
 * @param shutdown - The service's shutdown signal.
 * @param abort - What to do then; called at most once.
 * @returns Takes `abort` off the set; call it once `abort` is no longer wanted.
 */
export function onShutdown(shutdown: AbortSignal, abort: () => void): () => void {
  if (shutdown.aborted) {
    abort();
    return () => undefined;
  }
  const requests = requestsUnder(shutdown);
  requests.add(abort);
  return () => {
    requests.delete(abort);
  };
}

/**
 * A request's signal: aborted by the service's shutdown or after `timeoutMs`.
 *
 * It does what `AbortSignal.any([shutdown, AbortSignal.timeout(timeoutMs)])` does, without making
 * each request a dependant of the long-lived shutdown signal. Node keeps every `any()` signal in
 * a set on each of its sources and, whenever one is garbage-collected, scans the whole set: with a
 * signal per request that lives until its timeout, a busy node spends its time in that scan. Nor
 * does each request add a listener to the shutdown signal: adding one scans the signal's listeners
 * (to skip a duplicate), so with thousands of requests in flight (a node behind on its sessions)
 * every new request cost as much as all the waiting ones, and the node fell further behind. The
 * requests under one shutdown signal are a set instead, aborted together by one listener.
 *
 * @param shutdown - The service's shutdown signal.
 * @param timeoutMs - The request's time limit.
 * @returns The signal; `dispose()` it when the request is done.
 */
export function requestSignal(shutdown: AbortSignal, timeoutMs: number): RequestSignal {
  const controller = new AbortController();
  let timedOut = false;
  let disposed = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, timeoutMs);
  timer.unref();
  const leave = onShutdown(shutdown, () => {
    controller.abort(shutdown.reason);
  });
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
      leave();
    },
  };
}
