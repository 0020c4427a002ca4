import type { Registry } from "prom-client";
import { Histogram } from "prom-client";

/**
 * Upper bounds of the request-duration buckets, in seconds: fine below 10 ms, where a request of an
 * idle node falls, and around one second, where a loaded node's tail is judged.
 */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 30,
];

/** Records how long one kind of traffic's requests took (see {@link RequestDurations.timer}). */
export interface RequestTimer {
  /**
   * Records one answered request.
   *
   * @param ms - From the request's first bytes on its stream to its answer handed to the muxer, in ms.
   * @param failed - Whether the answer was an error.
   */
  observe(ms: number, failed: boolean): void;
}

/**
 * A service's request durations, as the Prometheus histogram
 * `waymark_<service>_request_duration_seconds{traffic,outcome}`: one observation per answered
 * request, from its first bytes on its stream (on a stream of one request, from the stream's
 * opening) to its answer handed to the muxer: admission, reading, handling (a store's commit
 * included) and the write. By traffic (`client`, or `node` for other servers of the service) and
 * outcome (`ok`, `error`). A request whose stream went away unanswered is not recorded, nor is the
 * wait for a session's next request. The node's time before a request's bytes reach its stream
 * (its event loop's delay) is not in it.
 */
export class RequestDurations {
  private readonly histogram: Histogram<"traffic" | "outcome">;
  private readonly timers = new Map<string, RequestTimer>();

  /** @param service - The service's name in metric names, e.g. `mail`. */
  constructor(service: string) {
    this.histogram = new Histogram({
      name: `waymark_${service}_request_duration_seconds`,
      help: "Time from a request's first bytes on its stream to its answer handed to the muxer, by traffic and outcome",
      labelNames: ["traffic", "outcome"],
      buckets: [...REQUEST_DURATION_BUCKETS],
      registers: [],
    });
  }

  /**
   * The recorder of one kind of traffic, its label sets bound once (the same recorder for every
   * call with the same traffic).
   *
   * @param traffic - `client`, or `node` for requests from other servers of the service.
   * @returns The recorder.
   */
  timer(traffic: "client" | "node"): RequestTimer {
    const known = this.timers.get(traffic);
    if (known !== undefined) return known;
    const ok = this.histogram.labels({ traffic, outcome: "ok" });
    const error = this.histogram.labels({ traffic, outcome: "error" });
    // Both series appear at zero before the first request, as the service's counters do.
    this.histogram.zero({ traffic, outcome: "ok" });
    this.histogram.zero({ traffic, outcome: "error" });
    const timer: RequestTimer = {
      observe(ms, failed) {
        (failed ? error : ok).observe(ms / 1000);
      },
    };
    this.timers.set(traffic, timer);
    return timer;
  }

  /**
   * Adds the histogram to the registry `/metrics` serves.
   *
   * @param registry - The node's registry.
   */
  register(registry: Registry): void {
    registry.registerMetric(this.histogram);
  }
}
