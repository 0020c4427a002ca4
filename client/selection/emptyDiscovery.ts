import type { EmptyDiscovery } from "../errors/client.js";

/** Parameters of {@link explainEmptyDiscovery}: what discovery had to go on. */
export interface ExplainEmptyDiscoveryParameters {
  /** The service searched for, e.g. `mail/1`. */
  service: string;
  /** Bootstrap peers configured by the user. */
  bootstrapPeers: number;
  /** Usable bootstrap records the registry returned (candidates from the registry). */
  registryRecords: number;
  /** Whether the registry's bootstrap records are read at all (`registryBootstrap`). */
  registryBootstrap: boolean;
  /** Why the registry could not be read, while it cannot. */
  registryError: Error | undefined;
  /** Whether the client's host is connected to any peer (it joined the DHT). */
  connected: boolean;
  /** Whether the service's DHT key is known (it needs the chain id). */
  serviceKeyKnown: boolean;
  /** The DHT search's time budget, in milliseconds. */
  discoveryTimeoutMs: number;
}

/** How a client is given a way in, named both as options and as the CLI's flags. */
const WAYS_IN =
  "give a DHT entry point you know with --bootstrap <multiaddr> (the `bootstrap` option, or `bootstrap` in the configuration file), or use a server directly with --custom <multiaddr> (`customServers`)";

/**
 * Why discovery found no server in the DHT, and what to do about it, from what it had to go on:
 * no entry point at all (the registry lists bootstrap records of active nodes of active providers
 * only, so suspending or retiring the only node with one leaves none), entry points none of which
 * answered, a DHT that named no server in time, or no DHT key (the chain id is unknown).
 *
 * @param parameters - The entry points, the registry's state, the host's connections.
 * @returns The reason, a short summary, details with figures, and a hint.
 * @example
 * ```ts
 * explainEmptyDiscovery({ service: "mail/1", bootstrapPeers: 0, registryRecords: 0, … }).reason;
 * // "NoEntryPoint"
 * ```
 */
export function explainEmptyDiscovery(parameters: ExplainEmptyDiscoveryParameters): EmptyDiscovery {
  const { service, bootstrapPeers, registryRecords } = parameters;
  if (!parameters.serviceKeyKnown) {
    return {
      reason: "DhtNotSearched",
      summary: "the DHT was not searched",
      details: `the chain id is not known (${
        parameters.registryError === undefined
          ? "the registry did not answer"
          : `the registry could not be read: ${parameters.registryError.name}`
      }), and without it neither is the DHT key of ${service}`,
      hint: `check the RPC URL, or set chainId in the configuration; or ${WAYS_IN}`,
    };
  }
  if (bootstrapPeers === 0 && registryRecords === 0) {
    const registry =
      registryState(parameters) ??
      `the registry vouches for no bootstrap record of ${service} (none published, or its nodes were suspended or retired)`;
    return {
      reason: "NoEntryPoint",
      summary: "no DHT entry point",
      details: `${registry}, and no bootstrap peer is configured`,
      hint: `${WAYS_IN}; a provider publishes an active node's address with waymark provider set-bootstrap`,
    };
  }
  if (!parameters.connected) {
    return {
      reason: "EntryPointsUnreachable",
      summary: "no DHT entry point answered",
      details: `none of ${plural(bootstrapPeers, "configured bootstrap peer")} and ${plural(registryRecords, "registry bootstrap record")} could be dialled`,
      hint: `check that they are up and reachable from here; or ${WAYS_IN}`,
    };
  }
  return {
    reason: "NotInDht",
    summary: `the DHT named no ${service} server`,
    details: `the client joined the DHT, and no peer announced ${service} within ${parameters.discoveryTimeoutMs} ms`,
    hint: `allow longer (--timeout <ms>, \`discoveryTimeoutMs\`), check the service name and the registry (the DHT key depends on both and on the chain id); or ${WAYS_IN}`,
  };
}

/** Why the registry's records are missing, when it is not the registry's answer. */
function registryState(parameters: ExplainEmptyDiscoveryParameters): string | undefined {
  if (!parameters.registryBootstrap)
    return "the registry's bootstrap records are not read (registryBootstrap is off)";
  const error = parameters.registryError;
  if (error === undefined) return undefined;
  return `the registry could not be read (${error.name})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
