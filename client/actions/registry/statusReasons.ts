import { toBeHex, zeroPadValue } from "ethers";

import type { RegistryClient } from "../../kernel/registry/connect.js";
import { registryCall } from "../../kernel/registry/decodeError.js";
import type { ProviderStatus } from "../../kernel/registry/statuses.js";

/** Defaults of {@link getProviderStatusReasons}. */
export const STATUS_REASON_DEFAULTS = {
  /** Blocks one `eth_getLogs` request covers (10,000 is a common limit of public RPC endpoints). */
  chunkBlocks: 10_000,
  /** Blocks searched at most, back from the latest one. */
  maxBlocks: 100_000,
} as const;

/** The event that put a provider in its status, with the reason the curator recorded. */
export interface ProviderStatusReason {
  providerId: bigint;
  /** `ProviderSuspended` or `ProviderRejected`. */
  event: "ProviderSuspended" | "ProviderRejected";
  /** The reason code (see `reasonName`). */
  reason: number;
  /** The curator who decided. */
  curator: string;
  blockNumber: number;
  transactionHash: string;
}

/** Parameters of {@link getProviderStatusReasons}. */
export interface GetProviderStatusReasonsParameters {
  /** The providers; only suspended and rejected ones are looked up. */
  providers: readonly { id: bigint; status: ProviderStatus }[];
  /** Blocks per `eth_getLogs` request. @default STATUS_REASON_DEFAULTS.chunkBlocks */
  chunkBlocks?: number | undefined;
  /** Blocks searched at most, back from the latest one. @default STATUS_REASON_DEFAULTS.maxBlocks */
  maxBlocks?: number | undefined;
}

/** Return type of {@link getProviderStatusReasons}. */
export interface GetProviderStatusReasonsReturnType {
  /** The latest `ProviderSuspended` (or `ProviderRejected`) of each suspended (or rejected) provider found. */
  reasons: Map<bigint, ProviderStatusReason>;
  /** The oldest block searched: an event before it was not looked for. */
  searchedFrom: number;
  /** The latest block searched. */
  searchedTo: number;
}

const EVENT_OF: Partial<Record<ProviderStatus, ProviderStatusReason["event"]>> = {
  Suspended: "ProviderSuspended",
  Rejected: "ProviderRejected",
};

/**
 * Why suspended and rejected providers are so: the registry keeps the reason only in the
 * `ProviderSuspended` and `ProviderRejected` events, so this reads the event log, back from the
 * latest block in ranges of `chunkBlocks`, filtered by the providers' ids, until every provider's
 * latest such event is found or `maxBlocks` have been searched. The cost is bounded: at most
 * `maxBlocks / chunkBlocks` requests, however many providers are asked about; a recent decision is
 * found in the first. An older one is not found (see `searchedFrom`).
 *
 * @param client - The registry connection.
 * @param parameters - The providers with their statuses, and the bounds of the search.
 * @returns The reasons found, and the blocks searched.
 * @throws RpcUnreachableError when the chain does not answer, or an error of the RPC's when it
 * refuses a range (some endpoints allow fewer blocks per request: lower `chunkBlocks`).
 */
export async function getProviderStatusReasons(
  client: RegistryClient,
  parameters: GetProviderStatusReasonsParameters,
): Promise<GetProviderStatusReasonsReturnType> {
  const chunk = Math.max(1, parameters.chunkBlocks ?? STATUS_REASON_DEFAULTS.chunkBlocks);
  const maxBlocks = Math.max(1, parameters.maxBlocks ?? STATUS_REASON_DEFAULTS.maxBlocks);
  const wanted = new Map<bigint, ProviderStatusReason["event"]>();
  for (const provider of parameters.providers) {
    const event = EVENT_OF[provider.status];
    if (event !== undefined) wanted.set(provider.id, event);
  }
  const reasons = new Map<bigint, ProviderStatusReason>();
  const latest = await registryCall(client.rpcUrl, () => client.provider.getBlockNumber());
  const floor = Math.max(0, latest - maxBlocks + 1);
  let to = latest;
  let searchedFrom = latest + 1;
  const topics = [
    client.contract.interface.getEvent("ProviderSuspended").topicHash,
    client.contract.interface.getEvent("ProviderRejected").topicHash,
  ];
  while (wanted.size > reasons.size && to >= floor) {
    const from = Math.max(floor, to - chunk + 1);
    const ids = [...wanted.keys()]
      .filter((id) => !reasons.has(id))
      .map((id) => zeroPadValue(toBeHex(id), 32));
    const logs = await registryCall(client.rpcUrl, () =>
      client.provider.getLogs({
        address: client.address,
        fromBlock: from,
        toBlock: to,
        topics: [topics, ids],
      }),
    );
    // Latest first: the first event of each provider is the one behind its status.
    for (const log of [...logs].reverse()) {
      const parsed = client.contract.interface.parseLog(log);
      if (parsed === null) continue;
      const providerId = parsed.args[0] as bigint;
      const event = wanted.get(providerId);
      if (reasons.has(providerId) || event === undefined || event !== parsed.name) continue;
      reasons.set(providerId, {
        providerId,
        event,
        reason: Number(parsed.args[2]),
        curator: parsed.args[1] as string,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      });
    }
    searchedFrom = from;
    to = from - 1;
  }
  return { reasons, searchedFrom, searchedTo: latest };
}
