import type { Connection, PeerId } from "@libp2p/interface";

/** The part of libp2p's connection manager that lists open connections. */
interface ConnectionLister {
  getConnections(peerId?: PeerId): Connection[];
  getConnectionsMap(): { values(): Iterable<Connection[]> };
}

/**
 * Every open connection, in the connection manager's order, built in one pass.
 *
 * @param byPeer - The open connections of each peer.
 * @returns Them all.
 */
export function allConnections(byPeer: { values(): Iterable<Connection[]> }): Connection[] {
  const all: Connection[] = [];
  for (const connections of byPeer.values()) {
    for (const connection of connections) all.push(connection);
  }
  return all;
}

/**
 * Makes libp2p's list of every open connection cost time in proportion to the connections.
 *
 * libp2p's connection manager builds that list (`getConnections()` without a peer) by
 * concatenating each peer's array onto a new copy of the list so far, which takes time in
 * proportion to the square of the peers connected, and it builds it twice for every new inbound
 * connection (to check `maxConnections` when accepting it, and again in the connection pruner once
 * it is open). Measured: about 13 ms per list at 5,000 peers and 90 ms at 10,000, all on the event
 * loop, so a node holding many sessions spent more on each new arrival than on its handshake. The
 * list built here holds the same connections in the same order; asking for one peer's
 * connections is unchanged.
 *
 * @param manager - The host's connection manager (a libp2p component); changed in place.
 */
export function useLinearConnectionList(manager: ConnectionLister): void {
  const perPeer = manager.getConnections.bind(manager);
  manager.getConnections = (peerId?: PeerId): Connection[] =>
    peerId == null ? allConnections(manager.getConnectionsMap()) : perPeer(peerId);
}

/**
 * A libp2p service that applies {@link useLinearConnectionList} to its host's connection manager
 * when the host is created; it offers nothing else. Mount it beside the host's other services.
 *
 * @returns The service factory.
 */
export function linearConnectionList(): (components: { connectionManager: ConnectionLister }) => object {
  return (components) => {
    useLinearConnectionList(components.connectionManager);
    return { [Symbol.toStringTag]: "waymark:linear-connection-list" };
  };
}
