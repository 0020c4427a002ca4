import { setImmediate } from "node:timers/promises";

import type { Libp2p } from "@libp2p/interface";
import { logger } from "@libp2p/logger";
import type { CID } from "multiformats/cid";

import { OperationAbortedError } from "../errors/client.js";
import { RpcUnreachableError } from "../kernel/errors/registry.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { BootstrapRecord } from "../kernel/registry/bootstrap.js";
import { getBootstrapRecords } from "../kernel/registry/bootstrap.js";
import type { RegistryClient } from "../kernel/registry/connect.js";
import { traced, traceSpan } from "../kernel/trace/trace.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";
import type { RankedRecord, SkippedRecord, UsableRecord } from "./bootstrapRecords.js";
import { checkRecord, rankRecords } from "./bootstrapRecords.js";
import type { Candidate, CandidateSource } from "./candidate.js";
import { CandidateSet, parseServerAddress } from "./candidate.js";
import { ContactablePool } from "./contactablePool.js";
import { discoveryKeys, findProvidersUnder } from "./findProvidersUnder.js";
import { joinNetwork } from "./joinNetwork.js";
import { trustedProviders } from "./trustedNodeBound.js";
import { untilRouted } from "./untilRouted.js";

const log = logger("waymark:client:discovery");

/** What discovery needs to know of a candidate's verification, to rank DHT entry points. */
export interface EntryPointVerdict {
  peerId: string;
  /** True when the trust policy accepts it. */
  trusted: boolean;
  /** `Trusted`, `ProviderNotTrusted`, `Unverified`, …: see `CandidateVerdict`. */
  verdict: string;
}

/** What {@link discover} needs of a client. */
export interface DiscoverContext {
  host: Libp2p<BaseServices>;
  /** The registry connection; without one the registry's bootstrap records are not read. */
  registry: RegistryClient | undefined;
  /** The DHT key of the service; without one (the chain id is not known yet) the DHT is not searched. */
  serviceKey: CID | undefined;
  options: Pick<
    ResolvedClientOptions,
    | "service"
    | "bootstrap"
    | "registryBootstrap"
    | "maxBootstrapRecords"
    | "bootstrapDials"
    | "joinGraceMs"
    | "routingWaitMs"
    | "discoveryTimeoutMs"
    | "maxCandidates"
    | "customServers"
    | "trust"
    | "random"
  >;
  /**
   * Verifies candidates under the trust policy (a client's `verify`, whose answers are cached, so
   * the selection's own verification of the same records costs nothing more). Registry records
   * whose node it trusts are DHT entry points beside the configured `bootstrap` peers; the others
   * are dialled only when none of those answers. Without it, every record is such a fallback.
   */
  verify?(candidates: readonly Candidate[]): Promise<readonly EntryPointVerdict[]>;
  /** Told of every bootstrap record skipped whole or in part, on every discovery (dedupe there). */
  onSkippedRecord?(record: SkippedRecord): void;
  /**
   * The registry connection for this discovery, for a client that connects lazily: waits for an
   * attempt under way (at most until `signal` aborts) and resolves undefined when there is none.
   * Without it, `registry` is used as it is.
   */
  connectRegistry?(signal: AbortSignal): Promise<RegistryClient | undefined>;
}

/** Parameters of {@link discover}. */
export interface DiscoverParameters {
  /** Time budget of the DHT search, in milliseconds. @default the client's `discoveryTimeoutMs` */
  timeoutMs?: number | undefined;
  /** Cancels the search; discover then rejects with OperationAbortedError. */
  signal?: AbortSignal | undefined;
  /**
   * Told, before the first batch, at most how many registered nodes the trust policy can trust
   * (see {@link trustedNodeBound}), when the registry says; read in the same round trip as the
   * bootstrap records. Once that many are known, the DHT cannot name another trusted node.
   */
  onTrustedBound?: ((bound: number) => void) | undefined;
  /**
   * Told, before the first batch and before the bootstrap records are checked, the servers a
   * caller may contact before verifying them without revealing the client to a provider the user
   * does not trust: the custom servers, and the records whose provider the trust policy accepts
   * according to the providers page read in the same round trip (see `trustedProviders`) and whose
   * node it does not exclude, each checked as the caller draws it (see {@link ContactablePool}).
   * Not told when the page cannot be read or a quorum of curators decides. Verification still
   * decides.
   */
  onContactable?: ((pool: ContactablePool) => void) | undefined;
}

/** Return type of {@link discover}: every candidate once, merged by peer id. */
export type DiscoverReturnType = Candidate[];

/**
 * Verdicts whose registry records may serve as fallback DHT entry points: registered, active nodes
 * the user does not use as servers (a provider not trusted, or excluded), and nodes the registry
 * could not be asked about. Nodes the registry rejects are never dialled.
 */
const FALLBACK_VERDICTS = new Set(["ProviderNotTrusted", "ExcludedProvider", "ExcludedNode", "Unverified"]);

/**
 * Finds candidate servers of the client's service and hands them over in batches, as they become
 * known, so that a caller can verify and use the first ones while the DHT search goes on:
 *
 * 1. the registry's bootstrap records (nodes active under active providers; at most
 *    `maxBootstrapRecords`, and of each only the addresses that parse and name the record's node:
 *    the rest is skipped and reported through `onSkippedRecord`) and the user's custom servers: a
 *    client is never stranded by the DHT alone;
 * 2. then it joins the DHT (unless the host is already connected) through the configured
 *    `bootstrap` peers and the records of nodes the trust policy accepts, and only when none of
 *    those answers through the other records, so an approved provider nobody trusts cannot
 *    surround the client with DHT peers of its own; and asks the DHT for providers of the service
 *    key: every answer that names new peers is one more batch, until the search ends, the time
 *    budget runs out, or the DHT has named `maxCandidates` peers.
 *
 * Without a registry connection (a client that starts without the chain) there are no records;
 * without the chain id (neither known from the chain nor configured) the DHT is not searched.
 *
 * Each peer appears in one batch only (the first that names it); a batch is never empty. The DHT is
 * not joined before the consumer asks for the batch after the first one, so a consumer that stops
 * after the registry's records sends no DHT traffic. Nothing here dials a candidate; the records'
 * nodes are verified (through `verify`) only to rank the entry points.
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
  const candidates = new CandidateSet(peerIdsOf(host));
  /** Distinct peers the DHT named, whether or not another source named them first. */
  const fromDht = new Set<string>();
  let batch: Candidate[] = [];
  const add = (peerId: string, multiaddrs: readonly string[], source: CandidateSource): void => {
    const candidate = candidates.add(peerId, multiaddrs, source);
    if (candidate !== undefined) batch.push(candidate);
  };
  const take = (): Candidate[] => {
    const taken = batch;
    batch = [];
    return taken;
  };

  throwIfAborted(parameters.signal);
  const registry =
    client.connectRegistry === undefined ? client.registry : await client.connectRegistry(signal);
  throwIfAborted(parameters.signal);
  // Both reads start in the same tick: one JSON-RPC batch, one round trip.
  const [published, providers] =
    registry === undefined
      ? [[], undefined]
      : await Promise.all([
          traced(
            "discovery:records",
            async () => registryRecords(client, registry),
            (ranked) => ({ records: ranked.length }),
          ),
          (parameters.onTrustedBound === undefined && parameters.onContactable === undefined) ||
          !options.registryBootstrap
            ? undefined
            : trustedProviders(registry, options.trust),
        ]);
  throwIfAborted(parameters.signal);
  if (providers?.bound !== undefined) parameters.onTrustedBound?.(providers.bound);
  let pool: ContactablePool | undefined;
  if (providers !== undefined && parameters.onContactable !== undefined) {
    const trusted = published.filter(
      ({ record, node }) => providers.ids.has(record.providerId) && !options.trust.excludeNodes.has(node),
    );
    pool = new ContactablePool(customCandidates(client), trusted, peerIdsOf(host));
    parameters.onContactable(pool);
    // The pings just started reach the network (their connections are set up by the kernel and
    // the servers meanwhile) before the check holds the thread; the verification waits for it.
    await setImmediate();
  }
  const checkStarted = performance.now();
  const records = checkRecords(client, published, pool);
  traceSpan("discovery:check", checkStarted, { records: records.length });
  throwIfAborted(parameters.signal);
  for (const record of records) add(record.peerId, record.multiaddrs, "registry");
  for (const text of options.customServers) {
    add(parseServerAddress(text, peerIdsOf(host)).peerId, [text], "custom");
  }
  if (batch.length > 0) yield take();

  // The service key needs the chain id: without it (no chain yet, no `chainId`) the DHT waits.
  const key = client.serviceKey;
  if (key === undefined) {
    log("the chain id is not known yet: the DHT is not searched");
    return;
  }
  const entryPoints = await traced(
    "discovery:rank",
    async () =>
      rankEntryPoints(
        client,
        records,
        candidates.toArray().filter((candidate) => candidate.sources.includes("registry")),
      ),
    (ranked) => ({ trusted: ranked.trusted.length, fallback: ranked.fallback.length }),
  );
  throwIfAborted(parameters.signal);
  await traced(
    "discovery:join",
    async () =>
      joinNetwork(host, {
        peers: [...options.bootstrap, ...entryPoints.trusted],
        fallbackPeers: entryPoints.fallback,
        dials: options.bootstrapDials,
        graceMs: options.joinGraceMs,
        random: options.random,
        signal,
      }),
    (reached) => ({ reached }),
  );
  // The search starts from every entry point reached, not from whichever identify added first.
  await traced(
    "discovery:routing",
    async () => untilRouted(host, { timeoutMs: options.routingWaitMs, signal }),
    (routed) => ({ routed: routed.routed, missing: routed.missing }),
  );
  throwIfAborted(parameters.signal);
  const searchStarted = performance.now();
  let answers = 0;
  try {
    const keys = discoveryKeys(key, options.service, options.trust.quorum);
    // With a quorum of curators, up to `maxCandidates` per registry's key.
    const maxCandidates = options.maxCandidates * keys.length;
    for await (const providers of findProvidersUnder(host, keys, signal)) {
      for (const provider of providers) {
        if (provider.id.equals(host.peerId)) continue;
        fromDht.add(provider.id.toString());
        add(
          provider.id.toString(),
          provider.multiaddrs.map((address) => address.toString()),
          "dht",
        );
      }
      answers += 1;
      traceSpan("discovery:answer", undefined, { providers: providers.length, new: batch.length });
      if (batch.length > 0) yield take();
      if (fromDht.size >= maxCandidates) break;
    }
  } catch (err) {
    // The budget ending (or an empty routing table) ends the search; the caller's abort does not.
    throwIfAborted(parameters.signal, err);
  } finally {
    traceSpan("discovery:providers", searchStarted, {
      answers,
      found: fromDht.size,
      aborted: signal.aborted,
    });
  }
  throwIfAborted(parameters.signal);
}

/**
 * Finds candidate servers of the client's service: every batch of {@link discoverBatches}, that is
 * the registry's bootstrap records, the user's custom servers and the providers the DHT names
 * until its search ends, the time budget runs out, or `maxCandidates` are found.
 *
 * Nothing is verified here but the records' nodes (to rank DHT entry points): pass the result to
 * `verifyCandidates`. `select()` does not wait for this whole search: it verifies the batches as
 * they come (see `discoveryQuorum`).
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

/** The registry's bootstrap records, bounded and ranked, not yet checked (see `rankRecords`). */
async function registryRecords(client: DiscoverContext, registry: RegistryClient): Promise<RankedRecord[]> {
  const { options } = client;
  if (!options.registryBootstrap) return [];
  let records: BootstrapRecord[];
  try {
    records = await getBootstrapRecords(registry, { service: options.service });
  } catch (err) {
    // Without the chain the DHT and custom servers still work; verification reports the outage.
    if (err instanceof RpcUnreachableError) return [];
    throw err;
  }
  return rankRecords(records, { maxRecords: options.maxBootstrapRecords, trust: options.trust });
}

/**
 * The ranked records reduced to what parses and names each record's node (see `checkRecord`);
 * the rest is reported. The records the early probe has drawn are checked already: `pool` keeps
 * the outcome.
 */
function checkRecords(
  client: DiscoverContext,
  ranked: readonly RankedRecord[],
  pool: ContactablePool | undefined,
): UsableRecord[] {
  const peerIds = peerIdsOf(client.host);
  const usable: UsableRecord[] = [];
  for (const record of ranked) {
    const checked = pool === undefined ? checkRecord(record, peerIds) : pool.check(record);
    if (checked.usable !== undefined) usable.push(checked.usable);
    const skipped = checked.skipped;
    if (skipped === undefined) continue;
    if (client.onSkippedRecord === undefined) {
      log(
        "skipped %s bootstrap record of node %s: %s",
        skipped.whole ? "the" : "part of the",
        skipped.node,
        skipped.reasons.join("; "),
      );
    } else client.onSkippedRecord(skipped);
  }
  return usable;
}

/** The user's custom servers as candidates (the options parsed them when the client was created). */
function customCandidates(client: DiscoverContext): Candidate[] {
  const peerIds = peerIdsOf(client.host);
  const custom = new CandidateSet(peerIds);
  for (const text of client.options.customServers) {
    custom.add(parseServerAddress(text, peerIds).peerId, [text], "custom");
  }
  return custom.toArray();
}

/**
 * The records' addresses as DHT entry points: those of nodes the trust policy accepts, and the
 * fallback ones (registered nodes of providers it does not trust, or not verified because the
 * registry is unavailable). Records of nodes it rejects are never dialled.
 */
async function rankEntryPoints(
  client: DiscoverContext,
  records: readonly UsableRecord[],
  candidates: readonly Candidate[],
): Promise<{ trusted: string[]; fallback: string[] }> {
  if (records.length === 0) return { trusted: [], fallback: [] };
  let verdicts = new Map<string, EntryPointVerdict>();
  if (client.verify !== undefined) {
    try {
      verdicts = new Map((await client.verify(candidates)).map((verdict) => [verdict.peerId, verdict]));
    } catch (err) {
      log("cannot verify the bootstrap records' nodes; they are fallback entry points only: %e", err);
    }
  }
  const trusted: string[] = [];
  const fallback: string[] = [];
  for (const record of records) {
    const verdict = verdicts.get(record.peerId);
    if (verdict?.trusted === true) trusted.push(...record.multiaddrs);
    else if (verdict === undefined || FALLBACK_VERDICTS.has(verdict.verdict))
      fallback.push(...record.multiaddrs);
  }
  return { trusted, fallback };
}

/**
 * @param verdict - A registry record's node verdict.
 * @returns Whether discovery may dial the node as a fallback DHT entry point (see `discoverBatches`).
 */
export function isFallbackVerdict(verdict: string): boolean {
  return FALLBACK_VERDICTS.has(verdict);
}

function throwIfAborted(signal: AbortSignal | undefined, cause?: unknown): void {
  if (signal?.aborted === true) {
    throw new OperationAbortedError("Discovery", { cause: cause ?? signal.reason });
  }
}
