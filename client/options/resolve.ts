import { getAddress, isAddress } from "ethers";

import { ConfigurationError, InvalidAddressError } from "../errors/client.js";
import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import { formatValue, resolveOptions } from "../kernel/options/optionTable.js";
import { CLIENT_OPTIONS } from "./table.js";
import type {
  ClientTuning,
  ResolvedClientOptions,
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
    hostInit: { listen: [], ...options.hostInit },
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
