import type { Connection } from "@libp2p/interface";

/** When each connection's peer was last heard from, in milliseconds since the epoch. */
const heard = new WeakMap<Pick<Connection, "status">, number>();

/**
 * Notes that a connection's peer was just heard from: on a node, the peer opened a stream of a
 * client protocol or began a request on one; on a client (`requestResponse`), the node answered a
 * request. A peer that speaks shows it is there; the host's connection monitor then pings it only
 * once an interval has passed without hearing from it (see `SpreadConnectionMonitor`), as TCP's
 * keep-alive waits for an idle connection.
 *
 * @param connection - The connection the peer spoke on.
 * @param now - The time, in milliseconds since the epoch.
 */
export function heardFrom(connection: Pick<Connection, "status">, now: number = Date.now()): void {
  heard.set(connection, now);
}

/**
 * When a connection's peer was last heard from (see {@link heardFrom}).
 *
 * @param connection - The connection.
 * @returns Milliseconds since the epoch; undefined when never.
 */
export function lastHeardFrom(connection: Pick<Connection, "status">): number | undefined {
  return heard.get(connection);
}
