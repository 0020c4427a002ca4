import type { RegistryClient } from "../../../kernel/registry/connect.js";
import type { IRegistry } from "../../../kernel/registry/contracts/Registry.js";
import { readAllPages, REGISTRY_PAGE_SIZE } from "../../../kernel/registry/pages.js";
import type { ProviderInfo } from "../../../kernel/registry/providers.js";
import { NODE_STATUSES, PROVIDER_STATUSES } from "../../../kernel/registry/statuses.js";
import type { NodeStatus } from "../../../kernel/registry/statuses.js";
import { serviceName } from "../../../kernel/service/serviceId.js";

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

/**
 * Reads every provider, in pages of 256: the first page (with the block number) tells how many
 * there are, then every other page at once, in one JSON-RPC batch.
 *
 * @param registry - The read connection.
 * @returns The providers and the block they were read at.
 */
export async function readProviders(
  registry: RegistryClient,
): Promise<{ providers: ProviderInfo[]; blockNumber: number }> {
  const [blockNumber, first] = await Promise.all([
    registry.provider.getBlockNumber(),
    registry.contract.getProviders(0n, BigInt(REGISTRY_PAGE_SIZE)),
  ]);
  const [firstPage, total] = first;
  const offsets: bigint[] = [];
  for (let offset = BigInt(REGISTRY_PAGE_SIZE); offset < total; offset += BigInt(REGISTRY_PAGE_SIZE)) {
    offsets.push(offset);
  }
  const rest = await Promise.all(
    offsets.map(
      async (offset) => (await registry.contract.getProviders(offset, BigInt(REGISTRY_PAGE_SIZE)))[0],
    ),
  );
  const providers = [firstPage, ...rest].flatMap((page) => page.map(toProviderInfo));
  return { providers, blockNumber };
}

function toProviderInfo(info: IRegistry.ProviderInfoStructOutput): ProviderInfo {
  return {
    id: info.id,
    owner: info.owner,
    pendingOwner: info.pendingOwner,
    status: PROVIDER_STATUSES[Number(info.status)] ?? "None",
    isDefault: info.isDefault,
    nodeCount: Number(info.nodeCount),
    createdAt: Number(info.createdAt),
    name: info.name,
    metadataURI: info.metadataURI,
  };
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
  const [nodeLists, operatorLists] = await Promise.all([
    Promise.all(
      providers.map((provider) =>
        provider.nodeCount > 0 ? readNodes(registry, provider.id) : Promise.resolve([]),
      ),
    ),
    Promise.all(providers.map((provider) => readOperators(registry, provider.id))),
  ]);
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
