import type { AbortOptions, Libp2p, PeerId } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { DHT_PROTOCOL } from "../kernel/p2p/constants.js";

/** Parameters of {@link untilRouted}. */
export interface UntilRoutedParameters extends AbortOptions {
  /** How long to wait for every connected DHT peer, in milliseconds. */
  timeoutMs: number;
}

/** What {@link untilRouted} saw: connected peers in the routing table, and those it stopped waiting for. */
export interface UntilRoutedResult {
  routed: number;
  missing: number;
}

/**
 * What kad-dht's routing table offers beyond the `size` its public interface names: its
 * `peer:add` event and `find`.
 */
interface RoutingTableView {
  readonly size: number;
  find(peer: PeerId): Promise<PeerId | undefined>;
  addEventListener(type: "peer:add", listener: () => void): void;
  removeEventListener(type: "peer:add", listener: () => void): void;
}

/**
 * Waits until every peer the host is connected to and that may speak the DHT (identify has not
 * said otherwise) is in the DHT's routing table, where libp2p puts a DHT server once identify has
 * named its protocols; at most `timeoutMs`, then, if the table is still empty while the host has
 * connections, until one peer is in it (or `signal` aborts). A DHT query started next begins from
 * every entry point reached, not from whichever was added first: this is what makes it safe for a
 * host whose queries do not wait for libp2p's start-up self-query (`dhtSkipInitialSelfQuery`).
 *
 * @param host - The libp2p host.
 * @param parameters - Time limit and abort signal.
 * @returns How many connected peers are in the table, and how many were still awaited at the end.
 */
export async function untilRouted(
  host: Libp2p<BaseServices>,
  parameters: UntilRoutedParameters,
): Promise<UntilRoutedResult> {
  const table = (host.services.dht as { routingTable?: Partial<RoutingTableView> }).routingTable;
  if (typeof table?.find !== "function" || typeof table.addEventListener !== "function") {
    return { routed: 0, missing: 0 };
  }
  return waitFor(host, table as RoutingTableView, parameters);
}

async function waitFor(
  host: Libp2p<BaseServices>,
  table: RoutingTableView,
  parameters: UntilRoutedParameters,
): Promise<UntilRoutedResult> {
  const deadline = AbortSignal.timeout(parameters.timeoutMs);
  const signal = parameters.signal === undefined ? deadline : AbortSignal.any([deadline, parameters.signal]);
  let changed: (() => void) | undefined;
  const wake = (): void => {
    changed?.();
  };
  table.addEventListener("peer:add", wake);
  host.addEventListener("peer:identify", wake);
  host.addEventListener("connection:close", wake);
  signal.addEventListener("abort", wake);
  const { signal: outer } = parameters;
  outer?.addEventListener("abort", wake);
  try {
    for (;;) {
      // Set before looking, so that nothing that happens while it looks is missed.
      const next = new Promise<void>((resolve) => {
        changed = resolve;
      });
      const awaited = await awaitedPeers(host, table);
      const done = signal.aborted ? table.size > 0 || outer?.aborted === true : awaited.missing === 0;
      if (done || (signal.aborted && host.getConnections().length === 0)) return awaited;
      await next;
    }
  } finally {
    table.removeEventListener("peer:add", wake);
    host.removeEventListener("peer:identify", wake);
    host.removeEventListener("connection:close", wake);
    signal.removeEventListener("abort", wake);
    outer?.removeEventListener("abort", wake);
  }
}

/** Connected peers in the table, and those not yet in it that may speak the DHT. */
async function awaitedPeers(host: Libp2p<BaseServices>, table: RoutingTableView): Promise<UntilRoutedResult> {
  const peers = new Map<string, PeerId>();
  for (const connection of host.getConnections())
    peers.set(connection.remotePeer.toString(), connection.remotePeer);
  let routed = 0;
  let missing = 0;
  for (const peer of peers.values()) {
    if ((await table.find(peer)) !== undefined) routed += 1;
    else if (await maySpeakDht(host, peer)) missing += 1;
  }
  return { routed, missing };
}

/** False once identify has named the peer's protocols without the DHT's. */
async function maySpeakDht(host: Libp2p, peer: PeerId): Promise<boolean> {
  try {
    const { protocols } = await host.peerStore.get(peer);
    return protocols.length === 0 || protocols.includes(DHT_PROTOCOL);
  } catch {
    return true;
  }
}
