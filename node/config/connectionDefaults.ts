import { CONNECTION_DEFAULTS } from "../../client/kernel/p2p/constants.js";

/**
 * Connection-manager defaults of a server node, where they differ from a client's
 * (`CONNECTION_DEFAULTS`): a node holds one connection per client session, so its connection
 * limit is sized for sessions, and arrivals beyond the handshakes running at once wait their turn.
 */
export const NODE_CONNECTION_DEFAULTS = {
  /** Connections kept open at most: 10,000 client sessions and room for peers and reconnects. */
  maxConnections: 12_000,
  /** New inbound connections per second accepted from one host. */
  inboundConnectionThreshold: CONNECTION_DEFAULTS.inboundConnectionThreshold,
  /** Inbound connections negotiating encryption and muxer at once. */
  maxIncomingPendingConnections: CONNECTION_DEFAULTS.maxIncomingPendingConnections,
  /** Inbound connections waiting for a handshake turn beyond those; later arrivals are refused. */
  inboundConnectionQueue: 2_048,
  /** Milliseconds a dial may take. */
  dialTimeoutMs: CONNECTION_DEFAULTS.dialTimeoutMs,
  /**
   * Milliseconds an inbound connection may take from TCP accept to a ready muxer, waiting in the
   * handshake queue included (libp2p's `inboundUpgradeTimeout`, whose default this is); an arrival
   * still queued then is closed. A Waymark client waits less for one address (at most 6 s, libp2p's
   * `addressDialTimeout`, and 2 s when probing): an arrival queued longer than that has been given
   * up by its client, and its handshake, when its turn comes, fails at once. The queue is meant to
   * absorb a burst within those seconds, not to hold clients for the whole timeout; a client with a
   * longer dial timeout (another libp2p peer, the session benchmark) is served up to it.
   */
  inboundUpgradeTimeoutMs: 10_000,
} as const;

/**
 * The connection monitor of a server node (`SpreadConnectionMonitor`, in place of libp2p's).
 * libp2p's pings every connection in one burst per interval and closes a connection whose ping is
 * late; with libp2p's defaults (every 10 s, late after 5 s) a node busy with thousands of sessions
 * could not answer its own burst in time and closed healthy sessions itself, and even at 30 s the
 * burst held up every request for a second or two. A node pings each connection every 30 s, at its
 * own time, at most 128 pings at once, and calls a ping late after 30 s, so a dead connection still
 * goes within about a minute.
 */
export const NODE_CONNECTION_MONITOR = {
  /** Milliseconds between two pings of a connection. */
  pingIntervalMs: 30_000,
  /** Milliseconds a ping may take before its connection is closed. */
  pingTimeoutMs: 30_000,
  /** Pings under way at once. */
  maxPingsInFlight: 128,
} as const;
