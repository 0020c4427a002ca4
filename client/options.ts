import type { Libp2p } from "@libp2p/interface";
import type { Provider, Signer } from "ethers";
import { getAddress, isAddress } from "ethers";

import { ConfigurationError, InvalidAddressError } from "./errors/client.js";
import { nodeAddressFromPeerId } from "./kernel/identity/nodeAddress.js";
import type { BaseServices, WaymarkHostInit } from "./kernel/p2p/createHost.js";
import { parseServerAddress } from "./discovery/candidate.js";
import { MAIL_SERVICE, serviceId } from "./kernel/service/serviceId.js";

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
}

/** Options of {@link createWaymarkClient}. Only `registry` and one of `rpcUrl`/`provider` are required. */
export interface WaymarkClientOptions {
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
  /** Registry service name to discover. @default "mail/1" */
  service?: string | undefined;
  /** Which registry nodes to trust. @default { providers: "default", excludeProviders: [], excludeNodes: [] } */
  trust?: TrustPolicy | undefined;
  /**
   * The user's own servers, as multiaddrs ending in `/p2p/<peer id>`; never checked against the
   * registry. With any, the client needs no chain to start: it connects to the registry in the
   * background (retrying while the RPC does not answer) and uses these meanwhile.
   * @default []
   */
  customServers?: readonly string[] | undefined;
  /** Select among reachable custom servers before any registry node. @default true */
  preferCustomServers?: boolean | undefined;
  /**
   * Extra DHT entry points (multiaddrs ending in `/p2p/<peer id>`), besides the registry's
   * bootstrap records; they are dialled first, with the records of trusted providers' nodes.
   * @default []
   */
  bootstrap?: readonly string[] | undefined;
  /** Join the DHT through the registry's bootstrap records and use them as fallback candidates. @default true */
  registryBootstrap?: boolean | undefined;
  /**
   * Bootstrap records of the registry a client uses at most (those of explicitly trusted providers
   * first). Every active provider may publish records, so this bounds the work one of them can
   * cause; each record is also read for at most 4 addresses of 256 bytes, the registry's limits.
   * @default 256
   */
  maxBootstrapRecords?: number | undefined;
  /**
   * How many DHT entry points to dial at once (chosen at random) when joining the DHT: first among
   * the `bootstrap` peers and the records of trusted providers' nodes, and only when none of those
   * answers among the records of registered nodes whose provider the policy does not trust.
   * @default 4
   */
  bootstrapDials?: number | undefined;
  /** Time budget of one DHT provider search, in milliseconds. @default 5000 */
  discoveryTimeoutMs?: number | undefined;
  /** Stop a DHT search after this many providers. @default 32 */
  maxCandidates?: number | undefined;
  /**
   * How many verified, usable servers (trusted by the policy, or custom, and not grey-listed) a
   * selection waits for before it stops waiting for discovery. Candidates are verified batch by
   * batch as discovery finds them (first the registry's bootstrap records and custom servers, then
   * each DHT answer); once this many are usable, the selection is made among them, and the rest of
   * the DHT search goes on in the background (within `discoveryTimeoutMs`): what it finds is verified
   * in one more registry call when it ends and joins the pool. With fewer usable servers the
   * selection waits for the whole search, as `discover()` does. A value above `maxCandidates` plus
   * the number of bootstrap records always waits for the whole search.
   * @default 5
   */
  discoveryQuorum?: number | undefined;
  /** How long a discovered candidate list is reused before the DHT is asked again, in milliseconds. @default 60000 */
  candidateTtlMs?: number | undefined;
  /** How long a registry verification is reused, in milliseconds. @default 15000 */
  verificationTtlMs?: number | undefined;
  /** When the chain RPC is unreachable, how long the last verification stays usable (marked stale), in milliseconds. @default 300000 */
  staleGraceMs?: number | undefined;
  /**
   * How old the chain RPC's latest block may be, in milliseconds, for a verification to count as
   * fresh. Above 0, each verification reads the latest block and verifies at it, and the event
   * watcher checks it too: an older block means the endpoint lags behind the chain (or is stuck,
   * or lies about its head) and would serve a revoked node as trusted, so it counts as the registry
   * being unavailable (`verification:stale`, `StaleChainError`), with the last fresh answers used
   * for `staleGraceMs`. 0 turns the check off: an idle development chain (Hardhat, anvil) and
   * chains that make blocks only for transactions have legitimately old blocks, so the right bound
   * depends on the chain: a minute is generous on Ethereum (12 s blocks), 30 s on a 2 s L2. Block
   * timestamps are compared with this machine's clock.
   * @default 0
   */
  maxBlockAgeMs?: number | undefined;
  /** Milliseconds any single RPC request may take. @default 10000 */
  rpcTimeoutMs?: number | undefined;
  /** Watch registry events and drop revoked servers at once. @default true */
  watchRegistry?: boolean | undefined;
  /** How often the registry's event log is polled, in milliseconds. @default 2000 */
  watchIntervalMs?: number | undefined;
  /** How many random candidates are pinged when selecting. @default 5 */
  probeCount?: number | undefined;
  /** How long a ping may take before the candidate counts as unreachable, in milliseconds. @default 2000 */
  probeTimeoutMs?: number | undefined;
  /** Candidates whose RTT is within `fastest × latencyTolerance + latencySlackMs` are equally fast. @default 1.5 */
  latencyTolerance?: number | undefined;
  /** Absolute slack added to the fastest RTT, in milliseconds, so jitter on a LAN does not pick favourites. @default 10 */
  latencySlackMs?: number | undefined;
  /** An operation on the selected server slower than this fails over, in milliseconds. @default 10000 */
  requestTimeoutMs?: number | undefined;
  /** How many servers one operation may try before it gives up. @default 3 */
  maxAttempts?: number | undefined;
  /** Grey-list time after a server's first failure, doubled on each further failure, in milliseconds. @default 1000 */
  greyListBaseMs?: number | undefined;
  /** Longest grey-list time, in milliseconds. @default 300000 */
  greyListMaxMs?: number | undefined;
  /** A libp2p host to use instead of creating one (the client does not stop it). */
  host?: Libp2p<BaseServices> | undefined;
  /**
   * Settings of the host the client creates (listen addresses, connection limits). The client
   * always runs the DHT in client mode and, unless set here, queries it without libp2p's 1 s
   * start-up delay (`dhtInitialSelfQueryDelayMs: 0`).
   * @default { listen: [] } (dial out only)
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
}

/** Every option with its default applied. */
export interface ResolvedClientOptions extends Required<
  Omit<WaymarkClientOptions, "rpcUrl" | "provider" | "signer" | "host" | "trust" | "hostInit" | "chainId">
> {
  rpcUrl: string | undefined;
  chainId: bigint | undefined;
  provider: Provider | undefined;
  signer: Signer | undefined;
  host: Libp2p<BaseServices> | undefined;
  hostInit: Omit<WaymarkHostInit, "services" | "dhtClientMode" | "start">;
  trust: ResolvedTrustPolicy;
}

/** The defaults of every optional setting. */
export const CLIENT_DEFAULTS = {
  service: MAIL_SERVICE,
  customServers: [],
  preferCustomServers: true,
  bootstrap: [],
  registryBootstrap: true,
  maxBootstrapRecords: 256,
  bootstrapDials: 4,
  discoveryTimeoutMs: 5_000,
  maxCandidates: 32,
  discoveryQuorum: 5,
  candidateTtlMs: 60_000,
  verificationTtlMs: 15_000,
  staleGraceMs: 300_000,
  maxBlockAgeMs: 0,
  rpcTimeoutMs: 10_000,
  watchRegistry: true,
  watchIntervalMs: 2_000,
  probeCount: 5,
  probeTimeoutMs: 2_000,
  latencyTolerance: 1.5,
  latencySlackMs: 10,
  requestTimeoutMs: 10_000,
  maxAttempts: 3,
  greyListBaseMs: 1_000,
  greyListMaxMs: 300_000,
} as const;

/**
 * Applies the defaults to the client options and checks them; the one place defaults are merged.
 *
 * @param options - What the caller gave.
 * @returns Every option, resolved.
 * @throws ConfigurationError when neither `rpcUrl` nor `provider` is given, or a number is out of range.
 * @throws InvalidAddressError when the registry or an excluded node is not an address.
 * @throws InvalidMultiaddrError when a custom server or bootstrap address names no peer.
 */
export function resolveClientOptions(options: WaymarkClientOptions): ResolvedClientOptions {
  if (options.rpcUrl === undefined && options.provider === undefined) {
    throw new ConfigurationError("The client needs the chain's RPC URL (`rpcUrl`) or an ethers `provider`");
  }
  if (!isAddress(options.registry)) throw new InvalidAddressError(options.registry);
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: ResolvedClientOptions = {
    ...CLIENT_DEFAULTS,
    random: Math.random,
    ...defined,
    rpcUrl: options.rpcUrl,
    provider: options.provider,
    signer: options.signer,
    host: options.host,
    registry: getAddress(options.registry),
    chainId: resolveChainId(options.chainId),
    hostInit: { listen: [], ...options.hostInit },
    trust: resolveTrustPolicy(options.trust),
  };
  serviceId(resolved.service);
  for (const address of [...resolved.customServers, ...resolved.bootstrap]) parseServerAddress(address);
  for (const key of POSITIVE_SETTINGS) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new ConfigurationError(`\`${key}\` must be a positive number, not ${value}`);
    }
  }
  if (resolved.latencyTolerance < 1) throw new ConfigurationError("`latencyTolerance` must be at least 1");
  for (const key of NON_NEGATIVE_SETTINGS) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigurationError(`\`${key}\` must be 0 or a positive number, not ${value}`);
    }
  }
  return resolved;
}

const POSITIVE_SETTINGS = [
  "maxBootstrapRecords",
  "bootstrapDials",
  "discoveryTimeoutMs",
  "maxCandidates",
  "discoveryQuorum",
  "candidateTtlMs",
  "verificationTtlMs",
  "staleGraceMs",
  "rpcTimeoutMs",
  "watchIntervalMs",
  "probeCount",
  "probeTimeoutMs",
  "requestTimeoutMs",
  "maxAttempts",
  "greyListBaseMs",
  "greyListMaxMs",
] as const;

const NON_NEGATIVE_SETTINGS = ["maxBlockAgeMs"] as const;

function resolveChainId(chainId: bigint | number | undefined): bigint | undefined {
  if (chainId === undefined) return undefined;
  if ((typeof chainId === "number" && !Number.isSafeInteger(chainId)) || BigInt(chainId) <= 0n) {
    throw new ConfigurationError(`\`chainId\` must be a positive integer, not ${chainId}`);
  }
  return BigInt(chainId);
}

function resolveTrustPolicy(trust: TrustPolicy = {}): ResolvedTrustPolicy {
  const providers =
    trust.providers === undefined || trust.providers === "default"
      ? "default"
      : trust.providers.map((id) => BigInt(id));
  if (providers !== "default" && providers.length === 0) {
    throw new ConfigurationError(
      'An empty list of trusted providers trusts nobody; use "default" or name providers',
    );
  }
  return {
    providers,
    excludeProviders: new Set((trust.excludeProviders ?? []).map((id) => BigInt(id))),
    excludeNodes: new Set((trust.excludeNodes ?? []).map(nodeOf)),
  };
}

function nodeOf(value: string): string {
  if (isAddress(value)) return getAddress(value);
  try {
    return nodeAddressFromPeerId(value);
  } catch {
    throw new InvalidAddressError(value);
  }
}
