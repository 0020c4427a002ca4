/** Log levels, quietest last. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How logs are written: `pretty` for people, `json` for machines, `auto` picks by the terminal. */
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Which addresses of other peers the DHT keeps. */
export const DHT_ADDRESS_FILTERS = ["all", "public"] as const;
/** One of {@link DHT_ADDRESS_FILTERS}. */
export type DhtAddressFilter = (typeof DHT_ADDRESS_FILTERS)[number];

/**
 * Whom a node replicates with: `registered` (every node registered and active for the service
 * under an active provider), `default` (those of the registry's default providers), or a list of
 * provider ids.
 */
export type ReplicationProviders = "registered" | "default" | readonly bigint[];

/**
 * The complete, validated configuration of a server node. Durations are in milliseconds, paths
 * are absolute. Build it with `resolveNodeConfig` or `parseNodeConfig`; every option has a default
 * except `registry`.
 */
export interface NodeConfig {
  /** Where the node keeps its state: datastore, remembered chain id, services' folders. */
  dataDir: string;
  /** The node key file written by `waymark-node keygen`. */
  keyFile: string;
  /** Name of the environment variable that holds the key's passphrase, when it is encrypted. */
  keyPassphraseEnv: string;
  /** JSON-RPC URL of the registry's chain. */
  rpcUrl: string;
  /** Registry contract address, checksummed. */
  registry: string;
  /** Chain id of the registry's chain, when set: lets the node announce while the chain is down. */
  chainId: bigint | undefined;
  /** Registry service name the node serves and announces, e.g. `mail/1`. */
  service: string;
  /**
   * Other registries the node is registered in (a quorum of curators): it also announces the
   * service under each one's key, `waymark/<chainId>/<registry>/<service>`. Registration there is
   * the operator's (`waymark provider register-node` against each registry); the node follows only
   * `registry`.
   */
  extraRegistries: { chainId: bigint; registry: string }[];
  /** libp2p addresses to listen on. */
  listen: string[];
  /** libp2p addresses others should dial; empty for the listen addresses. */
  announce: string[];
  /** Bootstrap multiaddrs (each ending in `/p2p/<peer id>`), dialled beside the registry's. */
  bootstrap: string[];
  /** Whether to bootstrap from the registry's bootstrap records for the service. */
  registryBootstrap: boolean;
  /** How often an isolated node dials its bootstrap peers again. */
  bootstrapInterval: number;
  /** Which addresses of other peers the DHT keeps. */
  dhtAddressFilter: DhtAddressFilter;
  /** Connections kept open at most. */
  maxConnections: number;
  /** New inbound connections per second accepted from one host. */
  inboundConnectionThreshold: number;
  /** Inbound connections negotiating encryption and muxer at once. */
  maxIncomingPendingConnections: number;
  /** Inbound connections waiting for a handshake turn beyond those; later arrivals are refused. */
  inboundConnectionQueue: number;
  /** How long an inbound connection may take from its arrival to a ready muxer, queue included. */
  inboundUpgradeTimeout: number;
  /** How long a dial may take. */
  dialTimeout: number;
  /** Multiaddr prefixes exempt from the connection limits (e.g. `/ip4/10.0.0.0/ipcidr/8`). */
  connectionAllow: string[];
  /** Many nodes on one machine: raises the per-host limits and allow-lists 127.0.0.1. */
  loopback: boolean;
  /** How often the service key is provided again; at most half the DHT record lifetime. */
  announceInterval: number;
  /** How long before a failed announcement is tried again. */
  announceRetryInterval: number;
  /** How long one announcement may take, including the wait for a first DHT peer. */
  announceTimeout: number;
  /** How often the node checks its registration when the chain answers. */
  registryCheckInterval: number;
  /** How often the node retries when the chain does not answer. */
  registryRetryInterval: number;
  /** How long one chain RPC request may take. */
  rpcTimeout: number;
  /** How often the node reads the registry's events (revocations, registrations) while the chain answers. */
  registryWatchInterval: number;
  /** Whom the node's services replicate with. */
  replicateWith: ReplicationProviders;
  /** Providers never replicated with, whatever `replicateWith` says. */
  replicateExcludeProviders: readonly bigint[];
  /** Nodes never replicated with (node addresses, checksummed). */
  replicateExcludeNodes: readonly string[];
  /** `host:port` of the HTTP status server, or `off`. */
  statusListen: string;
  /** Minimum log level. */
  logLevel: LogLevel;
  /** Log format. */
  logFormat: LogFormat;
  /** How long a graceful shutdown may take before the process gives up and exits. */
  shutdownTimeout: number;
  /** Each mounted service module's own options, keyed by its runtime key (configuration file only). */
  serviceOptions: Record<string, Record<string, unknown>>;
}

/**
 * Configuration as a program or a file gives it: every key optional, values either typed
 * (numbers, arrays, booleans) or as text (durations like `"30s"`, comma-separated lists).
 */
export type NodeConfigInput = { [K in keyof NodeConfig]?: unknown };
