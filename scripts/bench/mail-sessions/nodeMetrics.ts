/** How long the node's `/metrics` may take to answer. */
export const METRICS_TIMEOUT_MS = 30_000;

/**
 * Connections the node's TCP listener has aborted since it started (libp2p's
 * `libp2p_tcp_listener_events_total{…abort}`): closed by the node itself, for instance by its
 * connection monitor after a late ping, as opposed to ended by the client.
 *
 * The node builds `/metrics` on its event loop; with thousands of connections that can take seconds.
 *
 * @param statusUrl - The node's status server.
 * @returns The count (0 when the metric is absent), or undefined when `/metrics` did not answer
 *   within {@link METRICS_TIMEOUT_MS}.
 */
export async function nodeAbortedConnections(statusUrl: string): Promise<number | undefined> {
  let text: string;
  try {
    const response = await fetch(`${statusUrl}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
    text = await response.text();
  } catch (err) {
    if (err instanceof Error && err.name === "TimeoutError") return undefined;
    throw err;
  }
  let total = 0;
  for (const line of text.split("\n")) {
    const match = /^libp2p_tcp_listener_events_total\{address="[^"]* abort"\} (\d+)/.exec(line);
    if (match?.[1] !== undefined) total += Number(match[1]);
  }
  return total;
}
