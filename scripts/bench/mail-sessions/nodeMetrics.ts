/**
 * Connections the node's TCP listener has aborted since it started (libp2p's
 * `libp2p_tcp_listener_events_total{…abort}`): closed by the node itself, for instance by its
 * connection monitor after a late ping, as opposed to ended by the client.
 *
 * @param statusUrl - The node's status server.
 * @returns The count, 0 when the metric is absent.
 */
export async function nodeAbortedConnections(statusUrl: string): Promise<number> {
  const response = await fetch(`${statusUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let total = 0;
  for (const line of text.split("\n")) {
    const match = /^libp2p_tcp_listener_events_total\{address="[^"]* abort"\} (\d+)/.exec(line);
    if (match?.[1] !== undefined) total += Number(match[1]);
  }
  return total;
}
