import { describe, expect, it } from "vitest";

import { clientRequestBuckets, windowQuantiles } from "../../scripts/bench/mail-sessions/nodeMetrics.js";

/** `/metrics` lines of the mail client histogram, cumulative counts by bound, for one outcome. */
function histogram(outcome: string, counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(
      ([le, count]) =>
        `waymark_mail_request_duration_seconds_bucket{le="${le}",traffic="client",outcome="${outcome}"} ${count}`,
    )
    .join("\n");
}

describe("node-side quantiles of a window, from two readings of its histogram", () => {
  it("counts only the window's requests, both outcomes, interpolating within a bucket", () => {
    const before = clientRequestBuckets(histogram("ok", { "0.01": 50, "0.1": 50, "1": 50, "+Inf": 50 }));
    const after = clientRequestBuckets(
      [
        histogram("ok", { "0.01": 100, "0.1": 140, "1": 150, "+Inf": 150 }),
        histogram("error", { "0.01": 0, "0.1": 0, "1": 0, "+Inf": 0 }),
        // Other traffic is not the clients'.
        'waymark_mail_request_duration_seconds_bucket{le="0.01",traffic="node",outcome="ok"} 999',
      ].join("\n"),
    );
    const window = windowQuantiles(before, after);
    expect(window.count).toBe(100);
    // Rank 50 of 100: the last of the 50 in the first bucket, at its upper bound.
    expect(window.p50Ms).toBeCloseTo(10, 6);
    // Rank 99: the 9th of 10 in (0.1, 1].
    expect(window.p99Ms).toBeCloseTo(100 + 900 * 0.9, 6);
  });

  it("says the highest finite bound when the rank falls in +Inf, and NaN for an empty window", () => {
    const empty = clientRequestBuckets(histogram("ok", { "0.5": 0, "1": 0, "+Inf": 0 }));
    const slow = clientRequestBuckets(histogram("ok", { "0.5": 0, "1": 0, "+Inf": 10 }));
    expect(windowQuantiles(empty, slow).p99Ms).toBe(1_000);
    expect(windowQuantiles(empty, empty).p50Ms).toBeNaN();
  });
});
