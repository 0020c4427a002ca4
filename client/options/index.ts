/**
 * The client's options: the table (table.ts) from which the discovery, verification and
 * selection options' defaults, validation, TSDoc (tuning.generated.ts) and documentation come,
 * the hand-written rest (types.ts), and the resolver.
 */
export { CLIENT_DEFAULTS, resolveClientOptions } from "./resolve.js";
export { CLIENT_OPTIONS } from "./table.js";
export type { ClientTuningInit } from "./tuning.generated.js";
export type {
  ClientTuning,
  QuorumRegistryOption,
  ResolvedQuorum,
  ResolvedQuorumRegistry,
  ResolvedClientOptions,
  ResolvedTrustPolicy,
  TrustPolicy,
  WaymarkClientOptions,
} from "./types.js";
