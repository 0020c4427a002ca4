/** Defaults of the dashboard server, in one place. */
export const DASHBOARD_DEFAULTS = {
  /** Loopback only: nothing is opened to the network unless asked. */
  host: "127.0.0.1",
  /** The port `waymark dashboard` listens on. */
  port: 8645,
  /** Largest JSON-RPC request body the proxy forwards, in bytes. */
  maxRpcRequestBytes: 256 * 1024,
  /** Largest JSON-RPC answer the proxy passes back, in bytes. */
  maxRpcResponseBytes: 16 * 1024 * 1024,
  /** Largest number of calls in one JSON-RPC batch. */
  maxRpcBatch: 200,
  /** Forwarded requests whose timings the proxy keeps (the oldest are dropped). */
  rpcTimingsKept: 1_000,
  /** Milliseconds the chain RPC may take to answer one proxied request. */
  rpcTimeoutMs: 15_000,
  /** Milliseconds one ping of a candidate may take in the network view. */
  probeTimeoutMs: 3_000,
  /** Milliseconds a node's `/status` may take to answer. */
  statusTimeoutMs: 3_000,
  /** Largest `/status` document read, in bytes. */
  maxStatusBytes: 64 * 1024,
  /** Milliseconds a network report is reused before a new one is made. */
  networkReportTtlMs: 5_000,
} as const;

/**
 * The JSON-RPC methods the page may call through `/rpc`: reads only. Transactions are signed by
 * the browser's wallet, which talks to its own provider, never through this proxy.
 */
export const RPC_ALLOWED_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getCode",
  "eth_getTransactionReceipt",
  "eth_getTransactionByHash",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
]);
