/** Kademlia protocol of Waymark's own DHT: never the public IPFS DHT. */
export const DHT_PROTOCOL = "/waymark/kad/1.0.0";

/** Concurrent ping streams per connection and direction (libp2p's default of one outbound stream
 * collides with its own connection monitor). */
export const PING_STREAMS = 4;

/**
 * The connection monitor of a Waymark host that is given no other (`createWaymarkHost`'s
 * `connectionMonitor`): libp2p's own monitor's interval and timeout, spread out and not pinging a
 * peer heard from (`SpreadConnectionMonitor`).
 */
export const DEFAULT_CONNECTION_MONITOR = {
  /** Milliseconds between two pings of a connection whose peer was not heard from. */
  pingIntervalMs: 10_000,
  /** Milliseconds a ping may take before its connection is closed. */
  pingTimeoutMs: 5_000,
  /** Pings under way at once. */
  maxPingsInFlight: 32,
  /** Milliseconds between two checks for due pings. */
  checkIntervalMs: 1_000,
} as const;

/**
 * The connection monitor of a client's host. libp2p's default pings every connection every 10 s
 * and closes one whose ping takes 5 s. A node serves thousands of clients, and a ping costs it
 * about as much as a request (a stream, its negotiation, its frames): at libp2p's rate, sessions
 * that send a request every 10 s doubled the node's streams, and a busy node's late answers made
 * clients close healthy connections. A client's requests already find a dead connection (and
 * fail over), and an answer to one shows the connection alive (no ping for an interval after it);
 * its pings only need to find one that stays idle. Each may still override it
 * (`hostInit.connectionMonitor`).
 */
export const CLIENT_CONNECTION_MONITOR = {
  /** Milliseconds between two pings of a connection whose node did not answer a request since. */
  pingIntervalMs: 60_000,
  /** Milliseconds a ping may take before its connection is closed. */
  pingTimeoutMs: 30_000,
  /** Pings under way at once: a client holds few connections. */
  maxPingsInFlight: 8,
  /**
   * Milliseconds between two checks for due pings: a ping may start up to this much after it is
   * due, and a process holding many clients (a load generator) wakes each one this often.
   */
  checkIntervalMs: 5_000,
} as const;

/**
 * Streams a peer may open on a new connection before libp2p has finished setting the connection
 * up; one more resets the whole connection. A client that sends several requests the moment it
 * connects must not lose its connection to that race (the muxer's own default is 10).
 */
export const MAX_EARLY_STREAMS = 64;

/**
 * Yamux settings of every Waymark host. Yamux's keep-alive is off: both ends of every connection
 * sent a Yamux ping every 30 s (and one as it opened) whatever the connection carried, and a
 * failed one closes nothing (it only measures the round trip). The host's connection monitor
 * finds dead connections, pinging only idle ones; on a node holding 10,000 sessions the
 * keep-alive was 667 frames a second sent and as many received, each encrypted and written on
 * its own.
 */
export const YAMUX_SETTINGS = { maxEarlyStreams: MAX_EARLY_STREAMS, enableKeepAlive: false } as const;

/** Defaults of the connection manager for a production node. */
export const CONNECTION_DEFAULTS = {
  /** Connections kept open at most. */
  maxConnections: 300,
  /** New inbound connections per second accepted from one host (libp2p's own default is 5). */
  inboundConnectionThreshold: 5,
  /** Inbound connections still negotiating encryption and muxer at once. */
  maxIncomingPendingConnections: 64,
  /**
   * Milliseconds a dial may take when its caller gives no abort signal. A client's own dials all
   * carry one (a selection probe's `probeTimeoutMs`, 2 s; a request's `requestTimeoutMs`; the
   * discovery budget), and libp2p bounds each address of a dial at 6 s whatever the signal
   * (`addressDialTimeout`). A node holds an arrival for up to its inbound upgrade timeout (10 s),
   * longer than that: a client does not wait out a busy node's queue, it fails over, and selection
   * counts a node that cannot start its handshake within `probeTimeoutMs` as unreachable.
   */
  dialTimeoutMs: 5_000,
} as const;

/**
 * Settings for many nodes sharing 127.0.0.1 (tests, the demo, benchmarks): libp2p limits new
 * inbound connections per host, which on loopback means per machine.
 */
export const LOOPBACK_CONNECTION_SETTINGS = {
  inboundConnectionThreshold: 10_000,
  maxIncomingPendingConnections: 1_000,
  allow: ["/ip4/127.0.0.1"],
} as const;
