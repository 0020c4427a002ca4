import { getAddress, isAddress } from "ethers";

import { ConfigurationError, InvalidAddressError } from "../errors/client.js";
import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import { CLIENT_CONNECTION_MONITOR } from "../kernel/p2p/constants.js";
import { formatValue, resolveOptions } from "../kernel/options/optionTable.js";
import { CLIENT_OPTIONS } from "./table.js";
import type {
  ClientTuning,
  QuorumRegistryOption,
  ResolvedClientOptions,
  ResolvedQuorum,
  ResolvedQuorumRegistry,
  ResolvedTrustPolicy,
  TrustPolicy,
  WaymarkClientOptions,
} from "./types.js";

/** Throws the client's error for an option its rule refuses. */
function refuse(option: string, reason: string, value: unknown): never {
  throw new ConfigurationError(`\`${option}\` ${reason}, not ${formatValue(value)}`);
}

/** The defaults of every optional discovery, verification and selection setting. */
export const CLIENT_DEFAULTS: Readonly<ClientTuning> = resolveOptions(CLIENT_OPTIONS, {}, refuse);

/**
 * Applies the defaults to the client options and checks them; the one place defaults are merged.
 *
 * @param options - What the caller gave.
 * @returns Every option, resolved.
 * @throws ConfigurationError when neither `rpcUrl` nor `provider` is given, or a number is out of range.
 * @throws InvalidAddressError when the registry or an excluded node is not an address.
 * @throws InvalidServiceNameError when the service name is not one.
 * @throws InvalidMultiaddrError when a custom server or bootstrap address names no peer.
 */
export function resolveClientOptions(options: WaymarkClientOptions): ResolvedClientOptions {
  if (options.rpcUrl === undefined && options.provider === undefined) {
    throw new ConfigurationError("The client needs the chain's RPC URL (`rpcUrl`) or an ethers `provider`");
  }
  if (!isAddress(options.registry)) throw new InvalidAddressError(options.registry);
  return {
    ...resolveOptions(CLIENT_OPTIONS, options, refuse),
    rpcUrl: options.rpcUrl,
    provider: options.provider,
    registry: getAddress(options.registry),
    chainId: resolveChainId(options.chainId),
    signer: options.signer,
    trust: resolveTrustPolicy(options.trust),
    host: options.host,
    hostInit: { listen: [], connectionMonitor: CLIENT_CONNECTION_MONITOR, ...options.hostInit },
    random: options.random ?? Math.random,
  };
}

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
  const excludeProviders = new Set((trust.excludeProviders ?? []).map((id) => BigInt(id)));
  const quorum = resolveQuorum(trust);
  if (quorum !== undefined && (excludeProviders.size > 0 || providers !== "default")) {
    throw new ConfigurationError(
      "Provider ids belong to one registry: with `trust.registries`, set `providers` per registry, and exclude nodes rather than providers",
    );
  }
  return {
    providers,
    excludeProviders,
    excludeNodes: new Set((trust.excludeNodes ?? []).map(nodeOf)),
    quorum,
  };
}

function resolveQuorum(trust: TrustPolicy): ResolvedQuorum | undefined {
  if (trust.registries === undefined) {
    if (trust.quorum !== undefined) {
      throw new ConfigurationError(
        "`trust.quorum` counts the registries of `trust.registries`, which is not set",
      );
    }
    return undefined;
  }
  const registries = trust.registries.map(resolveQuorumRegistry);
  if (registries.length === 0) throw new ConfigurationError("`trust.registries` is empty: list at least one");
  const seen = new Set<string>();
  for (const { chainId, registry } of registries) {
    const key = `${chainId}:${registry}`;
    if (seen.has(key)) throw new ConfigurationError(`\`trust.registries\` lists ${key} twice`);
    seen.add(key);
  }
  const quorum = trust.quorum ?? registries.length;
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > registries.length) {
    throw new ConfigurationError(
      `\`trust.quorum\` must be between 1 and the number of registries (${registries.length}), not ${quorum}`,
    );
  }
  return { registries, quorum };
}

function resolveQuorumRegistry(option: QuorumRegistryOption, index: number): ResolvedQuorumRegistry {
  const where = `\`trust.registries[${index}]\``;
  if (typeof option.rpcUrl !== "string" || option.rpcUrl === "") {
    throw new ConfigurationError(`${where} needs the RPC URL of its chain (\`rpcUrl\`)`);
  }
  if (!isAddress(option.registry)) throw new InvalidAddressError(String(option.registry));
  const chainId = resolveChainId(option.chainId);
  if (chainId === undefined) {
    throw new ConfigurationError(
      `${where} needs its \`chainId\`: the DHT key its nodes announce includes it`,
    );
  }
  const registry = getAddress(option.registry);
  const providers =
    option.providers === undefined || option.providers === "default"
      ? "default"
      : option.providers.map((id) => BigInt(id));
  if (providers !== "default" && providers.length === 0) {
    throw new ConfigurationError(`${where}: an empty list of trusted providers trusts nobody`);
  }
  return {
    rpcUrl: option.rpcUrl,
    registry,
    chainId,
    providers,
    label: option.label ?? `${chainId}:${registry}`,
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
