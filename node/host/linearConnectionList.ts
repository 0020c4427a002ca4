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

/** The host's events that change its open connections. */
interface ConnectionEvents {
  addEventListener(type: "connection:open" | "connection:close", listener: () => void): void;
}

/**
 * Makes libp2p's list of every open connection cost time in proportion to the connections, and
 * builds it once per change of the connections rather than once per call.
 *
 * libp2p's connection manager builds that list (`getConnections()` without a peer) by
 * concatenating each peer's array onto a new copy of the list so far, which takes time in
 * proportion to the square of the peers connected, and it builds it twice for every new inbound
 * connection (to check `maxConnections` when accepting it, and again in the connection pruner once
 * it is open). Measured: about 13 ms per list at 5,000 peers and 90 ms at 10,000, all on the event
 * loop, so a node holding many sessions spent more on each new arrival than on its handshake. The
 * list built here holds the same connections in the same order. Built in one pass it still took
 * 13.7% of a node's CPU while 7,500 sessions connected (0.1–0.7 ms a list, two lists per
 * arrival, and one per second for the connection monitor); with `events`, the list is kept until
 * a connection opens or closes, and each call gets a copy of it (callers may sort it). Asking for
 * one peer's connections is unchanged.
 *
 * @param manager - The host's connection manager (a libp2p component); changed in place.
 * @param events - The host's events (a libp2p component); without them the list is built on every call.
 */
export function useLinearConnectionList(manager: ConnectionLister, events?: ConnectionEvents): void {
  const perPeer = manager.getConnections.bind(manager);
  let list: Connection[] | undefined;
  const forget = (): void => {
    list = undefined;
  };
  events?.addEventListener("connection:open", forget);
  events?.addEventListener("connection:close", forget);
  manager.getConnections = (peerId?: PeerId): Connection[] => {
    if (peerId != null) return perPeer(peerId);
    if (events === undefined) return allConnections(manager.getConnectionsMap());
    list ??= allConnections(manager.getConnectionsMap());
    return list.slice();
  };
}

/**
 * A libp2p service that applies {@link useLinearConnectionList} to its host's connection manager
 * when the host is created; it offers nothing else. Mount it beside the host's other services.
 *
 * @returns The service factory.
 */
export function linearConnectionList(): (components: {
  connectionManager: ConnectionLister;
  events: ConnectionEvents;
}) => object {
  return (components) => {
    useLinearConnectionList(components.connectionManager, components.events);
    return { [Symbol.toStringTag]: "waymark:linear-connection-list" };
  };
}
