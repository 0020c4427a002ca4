/** How long the node's `/metrics` may take to answer. */
export const METRICS_TIMEOUT_MS = 30_000;

/**
 * The node's `/metrics` text. The node builds it on its event loop; with thousands of connections
 * that can take seconds.
 *
 * @param statusUrl - The node's status server.
 * @returns The text, or undefined when `/metrics` did not answer within {@link METRICS_TIMEOUT_MS}.
 */
export async function readNodeMetrics(statusUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${statusUrl}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
    return await response.text();
  } catch (err) {
    if (err instanceof Error && err.name === "TimeoutError") return undefined;
    throw err;
  }
}

/**
 * Connections the node's TCP listener has aborted since it started (libp2p's
 * `libp2p_tcp_listener_events_total{…abort}`): closed by the node itself, for instance by its
 * connection monitor after a late ping, as opposed to ended by the client.
 *
 * @param metrics - The node's `/metrics` text.
 * @returns The count (0 when the metric is absent).
 */
export function nodeAbortedConnections(metrics: string): number {
  let total = 0;
  for (const line of metrics.split("\n")) {
    const match = /^libp2p_tcp_listener_events_total\{address="[^"]* abort"\} (\d+)/.exec(line);
    if (match?.[1] !== undefined) total += Number(match[1]);
  }
  return total;
}

/** A histogram's cumulative bucket counts: upper bound in seconds (`Infinity` last) to count. */
export type Buckets = ReadonlyMap<number, number>;

/**
 * The mail service's client request durations (`waymark_mail_request_duration_seconds`,
 * `traffic="client"`, both outcomes together) as cumulative bucket counts.
 *
 * @param metrics - The node's `/metrics` text.
 * @returns The buckets (empty when the metric is absent).
 */
export function clientRequestBuckets(metrics: string): Buckets {
  const buckets = new Map<number, number>();
  const pattern =
    /^waymark_mail_request_duration_seconds_bucket\{le="([^"]+)",traffic="client",outcome="[a-z]+"\} (\d+)$/;
  for (const line of metrics.split("\n")) {
    const match = pattern.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const bound = match[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** Quantiles of the requests a histogram counted in a window, in ms. */
export interface WindowQuantiles {
  /** Requests counted in the window. */
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Quantiles of the requests counted between two readings of a histogram, estimated as Prometheus'
 * `histogram_quantile` does: linear within the bucket the rank falls in, and the highest finite
 * bound when it falls in the `+Inf` bucket.
 *
 * @param before - The reading at the window's start.
 * @param after - The reading at its end.
 * @returns The quantiles (NaN when the window counted nothing).
 */
export function windowQuantiles(before: Buckets, after: Buckets): WindowQuantiles {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const total = counts.at(-1) ?? 0;
  const quantile = (q: number): number => {
    if (total === 0) return Number.NaN;
    const rank = q * total;
    const index = counts.findIndex((count) => count >= rank);
    const upper = bounds[index] ?? Number.NaN;
    const lower = index === 0 ? 0 : (bounds[index - 1] ?? 0);
    if (upper === Number.POSITIVE_INFINITY) return lower * 1000;
    const below = index === 0 ? 0 : (counts[index - 1] ?? 0);
    const inBucket = (counts[index] ?? 0) - below;
    const share = inBucket === 0 ? 1 : (rank - below) / inBucket;
    return (lower + (upper - lower) * share) * 1000;
  };
  return { count: total, p50Ms: quantile(0.5), p99Ms: quantile(0.99) };
}
