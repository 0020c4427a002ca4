import { join } from "node:path";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { MAIL_SERVICE, serviceId } from "../../client/kernel/service/serviceId.js";
import { NODE_CONNECTION_DEFAULTS } from "./connectionDefaults.js";
import type { NodeConfig } from "./types.js";
import { DHT_ADDRESS_FILTERS, LOG_FORMATS, LOG_LEVELS } from "./types.js";
import {
  formatDuration,
  parseAddress,
  parseBoolean,
  parseChainId,
  parseChoice,
  parseDuration,
  parseExtraRegistries,
  parseRpcUrl,
  parseInteger,
  parseListenAddress,
  parseList,
  parseMultiaddrs,
  parsePath,
  parseProviderIds,
  parseSections,
  parseText,
  ValueError,
} from "./values.js";

/** How long a DHT provider record lives (kad-dht's `PROVIDERS_VALIDITY`). */
export const DHT_RECORD_LIFETIME_MS = 48 * 3_600_000;

/**
 * How one node option is read, defaulted and documented. Unlike a service's option table
 * (`client/kernel/options`), a node option is also read from a flag and an environment variable,
 * as text, so it parses instead of only checking; its documentation table is drawn by the same
 * Markdown renderer (`npm run docs`).
 */
export interface NodeOptionSpec<T> {
  /** The command-line flag, in commander's syntax (`--data-dir <dir>`). */
  flag: string;
  /** The environment variable. */
  env: string;
  /** One line for `--help` and the README. */
  description: string;
  /** The default as the README shows it. */
  defaultText: string;
  /**
   * The default, possibly computed from options resolved before it and the working directory;
   * absent when the option is required.
   */
  default?: (resolved: Partial<NodeConfig>, context: { cwd: string }) => T;
  /** Turns a raw value into the option's type; throws `ValueError` with the reason. */
  parse(value: unknown, context: { baseDir: string }): T;
  /** Read from the configuration file only (no flag or environment variable). */
  fileOnly?: boolean;
}

function durationBetween(min: number, max: number): (value: unknown) => number {
  return (value) => {
    const ms = parseDuration(value);
    if (ms < min || ms > max) {
      throw new ValueError(
        `must lie between ${formatDuration(min)} and ${formatDuration(max)}, got ${formatDuration(ms)}`,
      );
    }
    return ms;
  };
}

/**
 * Every option of `waymark-node start`, in resolution order (an option's default may use the ones
 * before it). The single source of the flags, the environment variables and the README table.
 */
export const NODE_OPTIONS: { [K in keyof NodeConfig]: NodeOptionSpec<NodeConfig[K]> } = {
  dataDir: {
    flag: "--data-dir <dir>",
    env: "WAYMARK_DATA_DIR",
    description:
      "Directory of the node's state: datastore (peer store, DHT records), chain id, services' data",
    defaultText: "./waymark-data",
    default: (_resolved, { cwd }) => parsePath("waymark-data", cwd),
    parse: (value, { baseDir }) => parsePath(value, baseDir),
  },
  keyFile: {
    flag: "--key <file>",
    env: "WAYMARK_KEY_FILE",
    description: "Node key file written by `waymark-node keygen`",
    defaultText: "<dataDir>/node.key",
    default: (resolved) => join(resolved.dataDir ?? ".", "node.key"),
    parse: (value, { baseDir }) => parsePath(value, baseDir),
  },
  keyPassphraseEnv: {
    flag: "--key-passphrase-env <name>",
    env: "WAYMARK_KEY_PASSPHRASE_ENV",
    description: "Environment variable holding the passphrase of an encrypted node key",
    defaultText: "WAYMARK_KEY_PASSPHRASE",
    default: () => "WAYMARK_KEY_PASSPHRASE",
    parse: (value) => {
      const name = parseText(value);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ValueError(`"${name}" is not a variable name`);
      return name;
    },
  },
  rpcUrl: {
    flag: "--rpc-url <url>",
    env: "WAYMARK_RPC_URL",
    description:
      "JSON-RPC URL of the registry's chain (ws:// or wss:// to follow its events by subscription)",
    defaultText: "http://127.0.0.1:8545",
    default: () => "http://127.0.0.1:8545",
    parse: parseRpcUrl,
  },
  registry: {
    flag: "--registry <address>",
    env: "WAYMARK_REGISTRY",
    description: "Registry contract address",
    defaultText: "none: required",
    parse: parseAddress,
  },
  chainId: {
    flag: "--chain-id <id>",
    env: "WAYMARK_CHAIN_ID",
    description:
      "Chain id of the registry; lets a node announce while the chain is down. Checked against the chain when it answers",
    defaultText: "learned from the chain, remembered in the data dir",
    default: () => undefined,
    parse: parseChainId,
  },
  extraRegistries: {
    flag: "--extra-registries <registries>",
    env: "WAYMARK_EXTRA_REGISTRIES",
    description:
      "Other registries the node is registered in, each <chainId>:<address> (comma-separated): it also announces the service under each one's DHT key, for clients trusting a quorum of curators",
    defaultText: "none",
    default: () => [],
    parse: parseExtraRegistries,
  },
  service: {
    flag: "--service <name>",
    env: "WAYMARK_SERVICE",
    description: "Registry service name the node serves and announces",
    defaultText: MAIL_SERVICE,
    default: () => MAIL_SERVICE,
    parse: (value) => {
      const name = parseText(value);
      try {
        serviceId(name);
      } catch (err) {
        throw new ValueError(err instanceof Error ? err.message : "invalid service name");
      }
      return name;
    },
  },
  listen: {
    flag: "--listen <multiaddrs>",
    env: "WAYMARK_LISTEN",
    description: "libp2p addresses to listen on (comma-separated)",
    defaultText: "/ip4/0.0.0.0/tcp/4001",
    default: () => ["/ip4/0.0.0.0/tcp/4001"],
    parse: (value) => {
      const addrs = parseMultiaddrs(value);
      if (addrs.length === 0) throw new ValueError("at least one listen address is needed");
      return addrs;
    },
  },
  announce: {
    flag: "--announce <multiaddrs>",
    env: "WAYMARK_ANNOUNCE",
    description: "libp2p addresses others should dial, e.g. the public address behind NAT (comma-separated)",
    defaultText: "none: the listen addresses",
    default: () => [],
    parse: (value) => parseMultiaddrs(value),
  },
  bootstrap: {
    flag: "--bootstrap <multiaddrs>",
    env: "WAYMARK_BOOTSTRAP",
    description: "Extra bootstrap peers, each ending in /p2p/<peer id> (comma-separated)",
    defaultText: "none",
    default: () => [],
    parse: (value) => parseMultiaddrs(value, { peerId: true }),
  },
  registryBootstrap: {
    flag: "--no-registry-bootstrap",
    env: "WAYMARK_REGISTRY_BOOTSTRAP",
    description:
      "Whether to bootstrap from the registry's bootstrap records for the service (--no-registry-bootstrap turns it off)",
    defaultText: "true",
    default: () => true,
    parse: parseBoolean,
  },
  bootstrapInterval: {
    flag: "--bootstrap-interval <duration>",
    env: "WAYMARK_BOOTSTRAP_INTERVAL",
    description:
      "Longest wait between bootstrap attempts while the node has no connection (retries start after 1s and double)",
    defaultText: "1m",
    default: () => 60_000,
    parse: durationBetween(100, 86_400_000),
  },
  dhtAddressFilter: {
    flag: "--dht-address-filter <filter>",
    env: "WAYMARK_DHT_ADDRESS_FILTER",
    description: "Addresses of other peers the DHT keeps: all, or public (drops private and loopback)",
    defaultText: "all",
    default: () => "all",
    parse: (value) => parseChoice(value, DHT_ADDRESS_FILTERS),
  },
  maxConnections: {
    flag: "--max-connections <n>",
    env: "WAYMARK_MAX_CONNECTIONS",
    description:
      "Connections kept open at most (one per client session); over it new arrivals are refused and the least valuable connections closed. Each takes a file descriptor: `ulimit -n` must be higher (the node warns at start when it is not)",
    defaultText: String(NODE_CONNECTION_DEFAULTS.maxConnections),
    default: () => NODE_CONNECTION_DEFAULTS.maxConnections,
    parse: (value) => parseInteger(value, 1, 1_000_000),
  },
  inboundConnectionThreshold: {
    flag: "--inbound-connection-threshold <n>",
    env: "WAYMARK_INBOUND_CONNECTION_THRESHOLD",
    description: "New inbound connections per second accepted from one host (IP address); more are refused",
    defaultText: `${NODE_CONNECTION_DEFAULTS.inboundConnectionThreshold} (${LOOPBACK_CONNECTION_SETTINGS.inboundConnectionThreshold} with loopback)`,
    default: () => NODE_CONNECTION_DEFAULTS.inboundConnectionThreshold,
    parse: (value) => parseInteger(value, 1, 1_000_000),
  },
  maxIncomingPendingConnections: {
    flag: "--max-incoming-pending-connections <n>",
    env: "WAYMARK_MAX_INCOMING_PENDING_CONNECTIONS",
    description:
      "Inbound connections negotiating encryption and muxer at once; later arrivals wait their turn in the inbound connection queue",
    defaultText: `${NODE_CONNECTION_DEFAULTS.maxIncomingPendingConnections} (${LOOPBACK_CONNECTION_SETTINGS.maxIncomingPendingConnections} with loopback)`,
    default: () => NODE_CONNECTION_DEFAULTS.maxIncomingPendingConnections,
    parse: (value) => parseInteger(value, 1, 100_000),
  },
  inboundConnectionQueue: {
    flag: "--inbound-connection-queue <n>",
    env: "WAYMARK_INBOUND_CONNECTION_QUEUE",
    description: `Inbound connections that wait, in arrival order, while maxIncomingPendingConnections are negotiating; one waits at most inboundUpgradeTimeout from its arrival to a ready connection. Arrivals beyond the queue are refused`,
    defaultText: String(NODE_CONNECTION_DEFAULTS.inboundConnectionQueue),
    default: () => NODE_CONNECTION_DEFAULTS.inboundConnectionQueue,
    parse: (value) => parseInteger(value, 0, 1_000_000),
  },
  inboundUpgradeTimeout: {
    flag: "--inbound-upgrade-timeout <duration>",
    env: "WAYMARK_INBOUND_UPGRADE_TIMEOUT",
    description:
      "How long an inbound connection may take from its arrival to a ready connection (encryption and muxer), its wait in the inbound connection queue included; one still waiting or negotiating then is closed",
    defaultText: `${NODE_CONNECTION_DEFAULTS.inboundUpgradeTimeoutMs / 1000}s`,
    default: () => NODE_CONNECTION_DEFAULTS.inboundUpgradeTimeoutMs,
    parse: durationBetween(1_000, 600_000),
  },
  dialTimeout: {
    flag: "--dial-timeout <duration>",
    env: "WAYMARK_DIAL_TIMEOUT",
    description: "How long a dial may take",
    defaultText: "5s",
    default: () => NODE_CONNECTION_DEFAULTS.dialTimeoutMs,
    parse: durationBetween(100, 600_000),
  },
  connectionAllow: {
    flag: "--connection-allow <multiaddrs>",
    env: "WAYMARK_CONNECTION_ALLOW",
    description: "Multiaddr prefixes exempt from the connection limits (comma-separated)",
    defaultText: "none (/ip4/127.0.0.1 with loopback)",
    default: () => [],
    parse: (value) => parseMultiaddrs(value),
  },
  loopback: {
    flag: "--loopback",
    env: "WAYMARK_LOOPBACK",
    description:
      "Many nodes on one machine (tests, demo): raises the per-host connection limits and allow-lists 127.0.0.1",
    defaultText: "false",
    default: () => false,
    parse: parseBoolean,
  },
  announceInterval: {
    flag: "--announce-interval <duration>",
    env: "WAYMARK_ANNOUNCE_INTERVAL",
    description: "How often the service key is provided again (at most 24h: half the DHT record lifetime)",
    defaultText: "1h",
    default: () => 3_600_000,
    parse: durationBetween(1_000, DHT_RECORD_LIFETIME_MS / 2),
  },
  announceRetryInterval: {
    flag: "--announce-retry-interval <duration>",
    env: "WAYMARK_ANNOUNCE_RETRY_INTERVAL",
    description: "How long before a failed announcement is tried again",
    defaultText: "30s",
    default: () => 30_000,
    parse: durationBetween(100, DHT_RECORD_LIFETIME_MS / 2),
  },
  announceTimeout: {
    flag: "--announce-timeout <duration>",
    env: "WAYMARK_ANNOUNCE_TIMEOUT",
    description: "How long one announcement may take, including the wait for a first DHT peer",
    defaultText: "1m",
    default: () => 60_000,
    parse: durationBetween(100, 3_600_000),
  },
  registryCheckInterval: {
    flag: "--registry-check-interval <duration>",
    env: "WAYMARK_REGISTRY_CHECK_INTERVAL",
    description: "How often the node checks its registration while the chain answers",
    defaultText: "5m",
    default: () => 300_000,
    parse: durationBetween(1_000, 86_400_000),
  },
  registryRetryInterval: {
    flag: "--registry-retry-interval <duration>",
    env: "WAYMARK_REGISTRY_RETRY_INTERVAL",
    description: "How often the node retries while the chain does not answer",
    defaultText: "15s",
    default: () => 15_000,
    parse: durationBetween(100, 3_600_000),
  },
  rpcTimeout: {
    flag: "--rpc-timeout <duration>",
    env: "WAYMARK_RPC_TIMEOUT",
    description: "How long one chain RPC request may take",
    defaultText: "10s",
    default: () => 10_000,
    parse: durationBetween(100, 600_000),
  },
  registryWatchInterval: {
    flag: "--registry-watch-interval <duration>",
    env: "WAYMARK_REGISTRY_WATCH_INTERVAL",
    description:
      "How often the node reads the registry's events, so that a revocation or a new registration of a peer (and of itself) is seen at once",
    defaultText: "5s",
    default: () => 5_000,
    parse: durationBetween(100, 3_600_000),
  },
  replicateWith: {
    flag: "--replicate-with <providers>",
    env: "WAYMARK_REPLICATE_WITH",
    description:
      "Whom the node replicates with: registered (every active node of the service), default (the registry's default providers) or provider ids (comma-separated)",
    defaultText: "registered",
    default: () => "registered",
    parse: (value) => {
      if (value === "registered" || value === "default") return value;
      const ids = parseProviderIds(value);
      if (ids.length === 0) throw new ValueError('expected "registered", "default" or provider ids');
      return ids;
    },
  },
  replicateExcludeProviders: {
    flag: "--replicate-exclude-providers <ids>",
    env: "WAYMARK_REPLICATE_EXCLUDE_PROVIDERS",
    description: "Providers never replicated with (comma-separated ids)",
    defaultText: "none",
    default: () => [],
    parse: parseProviderIds,
  },
  replicateExcludeNodes: {
    flag: "--replicate-exclude-nodes <nodes>",
    env: "WAYMARK_REPLICATE_EXCLUDE_NODES",
    description: "Nodes never replicated with, by node address or peer id (comma-separated)",
    defaultText: "none",
    default: () => [],
    parse: (value) =>
      parseList(value).map((text) => {
        try {
          return /^0x/i.test(text) ? parseAddress(text) : nodeAddressFromPeerId(text);
        } catch {
          throw new ValueError(`"${text}" is neither a node address nor a secp256k1 peer id`);
        }
      }),
  },
  statusListen: {
    flag: "--status-listen <host:port>",
    env: "WAYMARK_STATUS_LISTEN",
    description: "Address of the HTTP status server (/healthz, /status, /metrics), or off",
    defaultText: "127.0.0.1:9464",
    default: () => "127.0.0.1:9464",
    parse: parseListenAddress,
  },
  logLevel: {
    flag: "--log-level <level>",
    env: "WAYMARK_LOG_LEVEL",
    description: `Minimum log level: ${LOG_LEVELS.join(", ")}`,
    defaultText: "info",
    default: () => "info",
    parse: (value) => parseChoice(value, LOG_LEVELS),
  },
  logFormat: {
    flag: "--log-format <format>",
    env: "WAYMARK_LOG_FORMAT",
    description: "auto (pretty on a terminal, else JSON), json or pretty",
    defaultText: "auto",
    default: () => "auto",
    parse: (value) => parseChoice(value, LOG_FORMATS),
  },
  shutdownTimeout: {
    flag: "--shutdown-timeout <duration>",
    env: "WAYMARK_SHUTDOWN_TIMEOUT",
    description: "How long a graceful shutdown may take before the process exits anyway",
    defaultText: "15s",
    default: () => 15_000,
    parse: durationBetween(100, 600_000),
  },
  serviceOptions: {
    flag: "",
    env: "",
    description:
      'Each mounted service module\'s own options, keyed by its runtime key, e.g. { "mail": { … } }',
    defaultText: "{}",
    default: () => ({}),
    parse: parseSections,
    fileOnly: true,
  },
};

/** Values the `loopback` option applies to options that no source set. */
export const LOOPBACK_PRESET: Partial<NodeConfig> = {
  inboundConnectionThreshold: LOOPBACK_CONNECTION_SETTINGS.inboundConnectionThreshold,
  maxIncomingPendingConnections: LOOPBACK_CONNECTION_SETTINGS.maxIncomingPendingConnections,
  connectionAllow: [...LOOPBACK_CONNECTION_SETTINGS.allow],
};
