import { getBytes } from "ethers";

import { serviceId } from "../service/serviceId.js";
import { AbiWords } from "./abiWords.js";
import type { RegistryClient } from "./connect.js";
import { callRequest } from "./callRequest.js";
import { registryCall } from "./decodeError.js";
import { REGISTRY_INTERFACE } from "./registryInterface.js";
import type { RpcRequest } from "./rpcProvider.js";
import { BOOTSTRAP_PAGE_SIZE, readAllPages } from "./pages.js";

/**
 * Published records {@link getBootstrapRecords} reads at most: 16 calls of 64. At the registry's
 * largest records (4 multiaddrs of 256 bytes) that is about 1.5 MB of answers; a registry with fewer
 * published records is read in full, usually in one call.
 */
export const MAX_BOOTSTRAP_RECORDS = 1_024;

/** A node's published bootstrap addresses. */
export interface BootstrapRecord {
  /** Node address. */
  node: string;
  /** Provider of the node. */
  providerId: bigint;
  /** libp2p multiaddrs ending in `/p2p/<peer id>`. */
  multiaddrs: string[];
}

/** Parameters of {@link getBootstrapRecords}. */
export interface GetBootstrapRecordsParameters {
  /** The service name, for example `mail/1`. */
  service: string;
  /**
   * Published records to read at most, usable or not, in publication order.
   * @default MAX_BOOTSTRAP_RECORDS
   */
  maxRecords?: number;
}

/**
 * The bootstrap records published for a service whose node is active under an active provider,
 * among the first `maxRecords` published. Clients join the DHT through these, so nothing needs to be
 * hard-coded. Pages are of {@link BOOTSTRAP_PAGE_SIZE} records, which the registry keeps within
 * about 6,000,000 gas each.
 *
 * @param client - The registry connection.
 * @param parameters - The service name and the bound on the records read.
 * @returns The usable records.
 */
export async function getBootstrapRecords(
  client: RegistryClient,
  parameters: GetBootstrapRecordsParameters,
): Promise<BootstrapRecord[]> {
  const id = serviceId(parameters.service);
  const options = {
    pageSize: BOOTSTRAP_PAGE_SIZE,
    maxEntries: parameters.maxRecords ?? MAX_BOOTSTRAP_RECORDS,
  };
  return readAllPages(async (offset, limit) => {
    const data = bootstrapPageData(id, offset, limit);
    const answer = await registryCall(client.rpcUrl, async () =>
      client.provider.call({ to: client.address, data }),
    );
    return decodeBootstrapPage(answer);
  }, options);
}

/**
 * The JSON-RPC request of {@link getBootstrapRecords}' first call, as it sends it: to be sent ahead,
 * in the registry connection's first round trip (see `connectRegistry`'s `prefetch`).
 *
 * @param registry - The registry's address.
 * @param parameters - As given to {@link getBootstrapRecords}.
 * @returns The request.
 */
export function firstBootstrapPageRequest(
  registry: string,
  parameters: GetBootstrapRecordsParameters,
): RpcRequest {
  const limit = Math.min(BOOTSTRAP_PAGE_SIZE, parameters.maxRecords ?? MAX_BOOTSTRAP_RECORDS);
  return callRequest(
    registry,
    bootstrapPageData(serviceId(parameters.service), 0n, BigInt(Math.max(0, limit))),
  );
}

/** The call data of one `getBootstrapRecords` page, the same for a read and one sent ahead. */
function bootstrapPageData(id: string, offset: bigint, limit: bigint): string {
  return REGISTRY_INTERFACE.encodeFunctionData("getBootstrapRecords", [id, offset, limit]);
}

/**
 * Decodes the answer of `getBootstrapRecords(service, offset, limit)`:
 * `((address node, uint256 providerId, string[] multiaddrs)[] page, uint256 total)`, in one pass
 * over the answer (see {@link AbiWords}: ethers' decoder takes time that grows with the square of
 * the page).
 *
 * @param answer - The call's return data, hex.
 * @returns The records and how many are published for the service.
 * @throws RegistryAnswerError when an offset or a length points outside the answer.
 */
export function decodeBootstrapPage(answer: string): { page: BootstrapRecord[]; total: bigint } {
  const words = new AbiWords(getBytes(answer), "getBootstrapRecords");
  const page = words.dynamicArray(words.offset(0, 0), (at) => {
    words.check(at, 3 * 32);
    return {
      node: words.address(at),
      providerId: words.uint(at + 32),
      multiaddrs: words.dynamicArray(words.offset(at + 64, at), (position) => words.string(position)),
    };
  });
  return { page, total: words.uint(32) };
}
