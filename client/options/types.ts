import type { Libp2p } from "@libp2p/interface";
import type { Provider, Signer } from "ethers";

import type { InitMatchesTable, OptionValues } from "../kernel/options/optionTable.js";
import type { BaseServices, WaymarkHostInit } from "../kernel/p2p/createHost.js";
import type { CLIENT_OPTIONS } from "./table.js";
import type { ClientTuningInit } from "./tuning.generated.js";

/** Does not compile when tuning.generated.ts no longer matches the table (run `npm run docs`). */
const _generatedTuningMatchesTable: InitMatchesTable<ClientTuningInit, typeof CLIENT_OPTIONS> = true;

/** The discovery, verification and selection options, each resolved to a value. */
export type ClientTuning = OptionValues<typeof CLIENT_OPTIONS>;

/**
 * Which registry nodes the client trusts. Custom servers are outside the policy: the user named
 * them, so they are used without the registry and always labelled custom.
 */
export interface TrustPolicy {
  /**
   * `"default"` trusts the providers the registry's curators mark as default; a list of provider
   * ids trusts exactly those (while they are active).
   * @default "default"
   */
  providers?: "default" | readonly (bigint | number)[] | undefined;
  /** Provider ids never to use, even when default. @default [] */
  excludeProviders?: readonly (bigint | number)[] | undefined;
  /** Nodes never to use, by node address or peer id. @default [] */
  excludeNodes?: readonly string[] | undefined;
  /**
   * A quorum of curators: registries, each curated by its own organisation and possibly on its own
   * chain, of which at least `quorum` must vouch for a node for the client to trust it. The
   * client's own `registry` still gives bootstrap records and `client.registry`; list it here too
   * for it to count. Without this the client trusts its one registry, as before.
   * @default none (one registry)
   */
  registries?: readonly QuorumRegistryOption[] | undefined;
  /**
   * How many of `registries` must vouch for a node (1 to their number).
   * @default every registry listed
   */
  quorum?: number | undefined;
}

/** One registry of a quorum ({@link TrustPolicy.registries}). */
export interface QuorumRegistryOption {
  /** JSON-RPC URL of the registry's chain (`ws://…` to see its revocations within one block). */
  rpcUrl: string;
  /** Registry contract address. */
  registry: string;
  /**
   * Chain id of the registry's chain: nodes announce under `waymark/<chainId>/<registry>/<service>`,
   * so the client searches the DHT under it; the RPC must serve that chain.
   */
  chainId: bigint | number;
  /** Providers this registry's answer trusts. @default "default" */
  providers?: "default" | readonly (bigint | number)[] | undefined;
  /** How the registry is shown in verdicts and events. @default `<chainId>:<registry>` */
  label?: string | undefined;
}

/** A quorum registry with its defaults applied. */
export interface ResolvedQuorumRegistry {
  rpcUrl: string;
  /** Checksummed. */
  registry: string;
  chainId: bigint;
  providers: "default" | readonly bigint[];
  label: string;
}

/** A quorum of curators, resolved. */
export interface ResolvedQuorum {
  registries: readonly ResolvedQuorumRegistry[];
  quorum: number;
}

/**
 * Options of {@link createWaymarkClient}. Only `registry` and one of `rpcUrl`/`provider` are
 * required; the discovery, verification and selection options are those of {@link ClientTuningInit}.
 */
export interface WaymarkClientOptions extends ClientTuningInit {
  /** JSON-RPC URL of the registry's chain. Either this or `provider`. */
  rpcUrl?: string | undefined;
  /** An ethers provider to reuse instead of `rpcUrl` (the client does not destroy it). */
  provider?: Provider | undefined;
  /** Registry contract address. */
  registry: string;
  /**
   * Chain id of the registry. The DHT's service key includes it, so with it a client can search
   * the DHT before (or without) reaching the chain; when the chain answers, it must match.
   * @default learned from the chain
   */
  chainId?: bigint | number | undefined;
  /** Signer for registry transactions made through `client.registry`; the mail API needs none. */
  signer?: Signer | undefined;
  /** Which registry nodes to trust. @default { providers: "default", excludeProviders: [], excludeNodes: [] } */
  trust?: TrustPolicy | undefined;
  /** A libp2p host to use instead of creating one (the client does not stop it). */
  host?: Libp2p<BaseServices> | undefined;
  /**
   * Settings of the host the client creates (listen addresses, connection limits). The client
   * always runs the DHT in client mode and, unless set here, queries it without libp2p's 1 s
   * start-up delay (`dhtInitialSelfQueryDelayMs: 0`), and pings a connection 60 s after its node
   * last answered a request rather than every 10 s as libp2p does (`CLIENT_CONNECTION_MONITOR`).
   * @default `{ listen: [], connectionMonitor: CLIENT_CONNECTION_MONITOR }` (dial out only)
   */
  hostInit?: Omit<WaymarkHostInit, "services" | "dhtClientMode" | "start"> | undefined;
  /** Source of randomness in [0, 1), for tests. @default Math.random */
  random?: (() => number) | undefined;
}

/** The trust policy with its defaults applied. */
export interface ResolvedTrustPolicy {
  providers: "default" | readonly bigint[];
  excludeProviders: ReadonlySet<bigint>;
  /** Excluded node addresses, checksummed. */
  excludeNodes: ReadonlySet<string>;
  /** The quorum of curators, when `registries` is set; undefined for one registry. */
  quorum?: ResolvedQuorum | undefined;
}

/** Every option with its default applied. */
export interface ResolvedClientOptions extends ClientTuning {
  rpcUrl: string | undefined;
  provider: Provider | undefined;
  registry: string;
  chainId: bigint | undefined;
  signer: Signer | undefined;
  trust: ResolvedTrustPolicy;
  host: Libp2p<BaseServices> | undefined;
  hostInit: Omit<WaymarkHostInit, "services" | "dhtClientMode" | "start">;
  random: () => number;
}
