/** The libp2p service key the relay runtime is mounted under (and its configuration section). */
export const RELAY_RUNTIME_KEY = "relay";

/** The libp2p service key of libp2p's circuit relay v2 server, mounted beside the runtime. */
export const CIRCUIT_RELAY_KEY = "circuitRelay";

/** Scoped logger name of the relay service. */
export const RELAY_LOG_COMPONENT = "waymark:relay";
