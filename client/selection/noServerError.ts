import { NoServerAvailableError } from "../errors/client.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { RegistryHealth } from "../verification/registryHealth.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { explainEmptyDiscovery } from "./emptyDiscovery.js";
import type { GreyList } from "./greyList.js";

/** Parameters of {@link noServerError}. */
export interface NoServerErrorParameters {
  /** Every server the client knows, with its latest verdict. */
  servers: readonly VerifiedCandidate[];
  greyList: GreyList;
  /** The registry's health: stale verification and why, unavailable registry servers and why. */
  health: Pick<RegistryHealth, "stale" | "error" | "unavailable">;
  options: Pick<
    ResolvedClientOptions,
    "service" | "bootstrap" | "registryBootstrap" | "chainId" | "discoveryTimeoutMs"
  >;
  /** Whether the client's host has any connection (a DHT to ask). */
  connected: boolean;
}

/**
 * The error a selection throws when no verified server is reachable, with what explains it: how
 * many servers are known, trusted and grey-listed; stale verification; unavailable registry
 * servers; and, when the DHT named none, why it may not have.
 *
 * @param parameters - What the pool knows.
 * @returns The error, with the earliest time a grey-listed server may be retried.
 */
export function noServerError(parameters: NoServerErrorParameters): NoServerAvailableError {
  const { servers, greyList, health, options } = parameters;
  const trusted = servers.filter((s) => s.trusted);
  const listed = trusted.filter((s) => greyList.has(s.peerId));
  const parts = [
    `${servers.length} candidates`,
    `${trusted.length} trusted`,
    `${listed.length} of them grey-listed after failures`,
  ];
  if (health.stale) {
    const reason = health.error;
    parts.push(
      `the registry is unreachable, so verification is stale${reason === undefined ? "" : ` (${reason.name}: ${shortMessageOf(reason)})`}`,
    );
  }
  const unverified = servers.filter((s) => s.verdict === "Unverified").length;
  if (unverified > 0) parts.push(`${unverified} unverified`);
  const unavailable = health.unavailable;
  if (unavailable !== undefined) {
    parts.push(`registry servers are unavailable (${unavailable.name}: ${shortMessageOf(unavailable)})`);
  }
  const discovery = servers.some((s) => s.sources.includes("dht"))
    ? undefined
    : explainEmptyDiscovery({
        service: options.service,
        bootstrapPeers: options.bootstrap.length,
        registryRecords: servers.filter((s) => s.sources.includes("registry")).length,
        registryBootstrap: options.registryBootstrap,
        registryError: unavailable,
        connected: parameters.connected,
        serviceKeyKnown: options.chainId !== undefined || unavailable === undefined,
        discoveryTimeoutMs: options.discoveryTimeoutMs,
      });
  if (discovery !== undefined) parts.push(`the DHT named none: ${discovery.summary} (${discovery.details})`);
  return new NoServerAvailableError(options.service, {
    details: parts.join(", "),
    retryAt: greyList.earliestRetry(trusted.map((s) => s.peerId)),
    discovery,
  });
}

function shortMessageOf(error: Error): string {
  return "shortMessage" in error && typeof error.shortMessage === "string"
    ? error.shortMessage
    : error.message;
}
