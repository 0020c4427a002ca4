import type { Libp2p } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import { OperationAbortedError } from "../errors/client.js";
import { RpcUnreachableError } from "../errors/registry.js";
import type { ResolvedClientOptions } from "../options.js";
import type { BootstrapRecord } from "../registry/bootstrap.js";
import { getBootstrapRecords } from "../registry/bootstrap.js";
import type { RegistryClient } from "../registry/connect.js";
import type { Candidate, CandidateSource } from "./candidate.js";
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
 * Finds candidate servers of the client's service and hands them over in batches, as they become
 * known, so that a caller can verify and use the first ones while the DHT search goes on:
 *
 * 1. the registry's bootstrap records (nodes active under active providers) and the user's custom
 *    servers, known before any network traffic: a client is never stranded by the DHT alone;
 * 2. then it joins the DHT through those records and the configured bootstrap peers (unless the
 *    host is already connected) and asks it for providers of the service key: every answer that
 *    names new peers is one more batch, until the search ends, the time budget runs out, or the
 *    DHT has named `maxCandidates` peers.
 *
 * Each peer appears in one batch only (the first that names it); a batch is never empty. The DHT is
 * not joined before the consumer asks for the batch after the first one, so a consumer that stops
 * after the registry's records sends no DHT traffic. Nothing is verified here.
 *
 * @param client - The client.
 * @param parameters - Time budget (for the whole iteration) and abort signal.
 * @returns The batches of new candidates, labelled with their sources.
 * @throws OperationAbortedError when `signal` aborts.
 * @example
 * ```ts
 * for await (const batch of discoverBatches(client)) {
 *   const verified = await verifyCandidates(client, { candidates: batch });
 *   if (verified.some((candidate) => candidate.trusted)) break;
 * }
 * ```
 */
export async function* discoverBatches(
  client: DiscoverContext,
  parameters: DiscoverParameters = {},
): AsyncGenerator<Candidate[], void, undefined> {
  const { options, host } = client;
  const budget = AbortSignal.timeout(parameters.timeoutMs ?? options.discoveryTimeoutMs);
  const signal = parameters.signal === undefined ? budget : AbortSignal.any([budget, parameters.signal]);
  const candidates = new CandidateSet();
  /** Distinct peers the DHT named, whether or not another source named them first. */
  const fromDht = new Set<string>();
  let batch: Candidate[] = [];
  const add = (peerId: string, multiaddrs: readonly string[], source: CandidateSource): void => {
    const candidate = candidates.add(peerId, multiaddrs, source);
    if (candidate !== undefined) batch.push(candidate);
  };
  const take = async (): Promise<Candidate[]> => {
    const taken = batch;
    batch = [];
    await Promise.all(taken.map(async (c) => rememberAddresses(host, c.peerId, c.multiaddrs)));
    return taken;
  };

  throwIfAborted(parameters.signal);
  const records = await registryRecords(client);
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
      add(
        peerId,
        record.multiaddrs.filter((text) => text.endsWith(`/p2p/${peerId}`)),
        "registry",
      );
    }
  }
  for (const text of options.customServers) add(parseServerAddress(text).peerId, [text], "custom");
  if (batch.length > 0) yield await take();

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
        fromDht.add(provider.id.toString());
        add(
          provider.id.toString(),
          provider.multiaddrs.map((address) => address.toString()),
          "dht",
        );
      }
      if (batch.length > 0) yield await take();
      if (fromDht.size >= options.maxCandidates) break;
    }
  } catch (err) {
    // The budget ending (or an empty routing table) ends the search; the caller's abort does not.
    throwIfAborted(parameters.signal, err);
  }
  throwIfAborted(parameters.signal);
}

/**
 * Finds candidate servers of the client's service: every batch of {@link discoverBatches}, that is
 * the registry's bootstrap records, the user's custom servers and the providers the DHT names
 * until its search ends, the time budget runs out, or `maxCandidates` are found.
 *
 * Nothing is verified here: pass the result to `verifyCandidates`. `select()` does not wait for
 * this whole search: it verifies the batches as they come (see `discoveryQuorum`).
 *
 * @param client - The client.
 * @param parameters - Time budget and abort signal.
 * @returns The candidates, labelled with their sources (the registry's and custom ones first).
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
  const found: Candidate[] = [];
  for await (const batch of discoverBatches(client, parameters)) found.push(...batch);
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
