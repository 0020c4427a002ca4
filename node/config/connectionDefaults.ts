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
} as const;

/**
 * How long libp2p lets an inbound connection take from TCP accept to a ready muxer, waiting in
 * the handshake queue included (libp2p's `inboundUpgradeTimeout` default); an arrival still
 * queued then is closed. A client's dial timeout should be longer.
 */
export const INBOUND_UPGRADE_TIMEOUT_MS = 10_000;
