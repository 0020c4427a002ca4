import type { RegistryClient } from "../../../kernel/registry/connect.js";
import { DEFAULT_MAX_ENTRIES, readAllPages, REGISTRY_PAGE_SIZE } from "../../../kernel/registry/pages.js";
import type { ProviderInfo } from "../../../kernel/registry/providers.js";
import { NODE_STATUSES } from "../../../kernel/registry/statuses.js";
import type { NodeStatus } from "../../../kernel/registry/statuses.js";
import { serviceName } from "../../../kernel/service/serviceId.js";
import { readProviderPage } from "../../../kernel/registry/providers.js";
import { timed } from "./timing.js";

/** A node as the page shows it. */
export interface PageNode {
  node: string;
  providerId: bigint;
  status: NodeStatus;
  service: string;
  registeredAt: number;
}

/** Everything the registry holds that the pages list. */
export interface RegistrySnapshot {
  providers: ProviderInfo[];
  /** Operators by provider id. */
  operators: Map<bigint, string[]>;
  nodes: PageNode[];
  /** Block the providers were read at. */
  blockNumber: number;
  /** False while the nodes and operators shown are still those of the previous snapshot. */
  complete: boolean;
}

/** The providers' first page, handed to {@link readProviders}'s `onPage` before the others are read. */
export interface ProvidersSoFar {
  /** The first page's providers, in id order. */
  providers: ProviderInfo[];
  /** Block the first page was read at. */
  blockNumber: number;
  /** How many providers the registry holds. */
  total: number;
}

/**
 * Reads every provider in pages of 256: the first page (with the block number), handed to `onPage`
 * as soon as it is decoded so that it can be shown, then every other page at once, in one JSON-RPC
 * batch (two requests in all; at most `DEFAULT_MAX_ENTRIES` providers). The pages are decoded by
 * {@link readProviderPage}, in one pass each.
 *
 * @param registry - The read connection.
 * @param onPage - Called with the first page when more pages follow, before they are read.
 * @returns The providers and the block they were read at.
 */
export async function readProviders(
  registry: RegistryClient,
  onPage: (soFar: ProvidersSoFar) => void = () => undefined,
): Promise<{ providers: ProviderInfo[]; blockNumber: number }> {
  const pageSize = BigInt(REGISTRY_PAGE_SIZE);
  const [blockNumber, first] = await timed("providers page 0", () =>
    Promise.all([registry.provider.getBlockNumber(), readProviderPage(registry, 0n, pageSize)]),
  );
  const total = first.total < BigInt(DEFAULT_MAX_ENTRIES) ? first.total : BigInt(DEFAULT_MAX_ENTRIES);
  const offsets: bigint[] = [];
  for (let offset = pageSize; offset < total; offset += pageSize) offsets.push(offset);
  if (offsets.length === 0) return { providers: first.page, blockNumber };
  onPage({ providers: first.page, blockNumber, total: Number(total) });
  const rest = await timed(`providers pages 1 to ${offsets.length}`, () =>
    Promise.all(offsets.map(async (offset) => (await readProviderPage(registry, offset, pageSize)).page)),
  );
  const providers = [first.page, ...rest].flat();
  return { providers, blockNumber };
}

/**
 * Reads every provider's nodes and operators at once: the calls are made in the same tick, so the
 * provider sends them as a few JSON-RPC batches rather than one request each.
 *
 * @param registry - The read connection.
 * @param providers - The providers.
 * @returns The nodes, and the operators by provider id.
 */
export async function readProviderDetails(
  registry: RegistryClient,
  providers: readonly ProviderInfo[],
): Promise<{ nodes: PageNode[]; operators: Map<bigint, string[]> }> {
  const [nodeLists, operatorLists] = await timed(`details of ${providers.length} providers`, () =>
    Promise.all([
      Promise.all(
        providers.map((provider) =>
          provider.nodeCount > 0 ? readNodes(registry, provider.id) : Promise.resolve([]),
        ),
      ),
      Promise.all(providers.map((provider) => readOperators(registry, provider.id))),
    ]),
  );
  const operators = new Map<bigint, string[]>();
  providers.forEach((provider, index) => operators.set(provider.id, operatorLists[index] ?? []));
  return { nodes: nodeLists.flat(), operators };
}

async function readNodes(registry: RegistryClient, providerId: bigint): Promise<PageNode[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registry.contract.getProviderNodes(providerId, offset, limit);
    return {
      page: page.map((info) => ({
        node: info.node,
        providerId: info.providerId,
        status: NODE_STATUSES[Number(info.status)] ?? "None",
        service: serviceName(info.service),
        registeredAt: Number(info.registeredAt),
      })),
      total,
    };
  });
}

async function readOperators(registry: RegistryClient, providerId: bigint): Promise<string[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registry.contract.getProviderOperators(providerId, offset, limit);
    return { page: [...page], total };
  });
}
