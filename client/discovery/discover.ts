import type { Libp2p } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import { OperationAbortedError } from "../errors/client.js";
import { RpcUnreachableError } from "../errors/registry.js";
import type { ResolvedClientOptions } from "../options.js";
import type { BootstrapRecord } from "../registry/bootstrap.js";
import { getBootstrapRecords } from "../registry/bootstrap.js";
import type { RegistryClient } from "../registry/connect.js";
import type { Candidate } from "./candidate.js";
import { CandidateSet, parseServerAddress } from "./candidate.js";
import { joinNetwork } from "./joinNetwork.js";
import { rememberAddresses } from "./peerStore.js";
import type { BaseServices } from "../p2p/createHost.js";

/** What {@link discover} needs of a client. */
export interface DiscoverContext {
  host: Libp2p<BaseServices>;
  registry: RegistryClient;
  serviceKey: CID;
  options: Pick<
    ResolvedClientOptions,
    | "service"
    | "bootstrap"
    | "registryBootstrap"
    | "bootstrapDials"
    | "discoveryTimeoutMs"
    | "maxCandidates"
    | "customServers"
    | "random"
  >;
}

/** Parameters of {@link discover}. */
export interface DiscoverParameters {
  /** Time budget of the DHT search, in milliseconds. @default the client's `discoveryTimeoutMs` */
  timeoutMs?: number | undefined;
  /** Cancels the search; discover then rejects with OperationAbortedError. */
  signal?: AbortSignal | undefined;
}

/** Return type of {@link discover}: every candidate once, merged by peer id. */
export type DiscoverReturnType = Candidate[];

/**
 * Finds candidate servers of the client's service:
 *
 * 1. joins the DHT through the registry's bootstrap records and the configured bootstrap peers;
 * 2. asks the DHT for providers of the service key, until the search ends, the time budget runs
 *    out, or `maxCandidates` are found;
 * 3. adds the registry's bootstrap records (nodes active under active providers) as candidates, so
 *    a client is never stranded by the DHT alone; one verification covers them at no extra cost;
 * 4. adds the user's custom servers.
 *
 * Nothing is verified here: pass the result to `verifyCandidates`.
 *
 * @param client - The client.
 * @param parameters - Time budget and abort signal.
 * @returns The candidates, labelled with their sources.
 * @throws OperationAbortedError when `signal` aborts.
 * @example
 * ```ts
 * const candidates = await discover(client, { timeoutMs: 2_000 });
 * ```
 */
export async function discover(
  client: DiscoverContext,
  parameters: DiscoverParameters = {},
): Promise<DiscoverReturnType> {
  const { options, host } = client;
  const budget = AbortSignal.timeout(parameters.timeoutMs ?? options.discoveryTimeoutMs);
  const signal = parameters.signal === undefined ? budget : AbortSignal.any([budget, parameters.signal]);
  const candidates = new CandidateSet();

  const records = await registryRecords(client);
  throwIfAborted(parameters.signal);
  await joinNetwork(host, {
    peers: [...records.flatMap((record) => record.multiaddrs), ...options.bootstrap],
    dials: options.bootstrapDials,
    random: options.random,
    signal,
  });

  try {
    for await (const event of host.services.dht.findProviders(client.serviceKey, { signal })) {
      if (event.name !== "PROVIDER") continue;
      for (const provider of event.providers) {
        if (provider.id.equals(host.peerId)) continue;
        candidates.add(
          provider.id.toString(),
          provider.multiaddrs.map((address) => address.toString()),
          "dht",
        );
      }
      if (candidates.size >= options.maxCandidates) break;
    }
  } catch (err) {
    // The budget ending (or an empty routing table) ends the search; the caller's abort does not.
    throwIfAborted(parameters.signal, err);
  }
  throwIfAborted(parameters.signal);

  for (const record of records) {
    const peerIds = record.multiaddrs.flatMap((text) => {
      try {
        return [parseServerAddress(text).peerId];
      } catch {
        return [];
      }
    });
    for (const peerId of new Set(peerIds)) {
      candidates.add(
        peerId,
        record.multiaddrs.filter((text) => text.endsWith(`/p2p/${peerId}`)),
        "registry",
      );
    }
  }
  for (const text of options.customServers) candidates.add(parseServerAddress(text).peerId, [text], "custom");

  const found = candidates.toArray();
  await Promise.all(found.map((c) => rememberAddresses(host, c.peerId, c.multiaddrs)));
  return found;
}

async function registryRecords(client: DiscoverContext): Promise<BootstrapRecord[]> {
  if (!client.options.registryBootstrap) return [];
  try {
    return await getBootstrapRecords(client.registry, { service: client.options.service });
  } catch (err) {
    // Without the chain the DHT and custom servers still work; verification reports the outage.
    if (err instanceof RpcUnreachableError) return [];
    throw err;
  }
}

function throwIfAborted(signal: AbortSignal | undefined, cause?: unknown): void {
  if (signal?.aborted === true) {
    throw new OperationAbortedError("Discovery", { cause: cause ?? signal.reason });
  }
}
