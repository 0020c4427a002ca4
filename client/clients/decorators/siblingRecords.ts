import type { RecordsActions } from "../../records/decorator.js";
import type { WaymarkClientOptions } from "../../options/index.js";
import type { WaymarkClientContext } from "../createClient.js";
import type { WaymarkRecordsClient } from "../createRecordsClient.js";
import { createRecordsClient } from "../createRecordsClient.js";
import { lookupMailKey } from "../mailKeyRecord.js";

/** What a client of another service gains from a `records/1` client beside it. */
export interface SiblingRecordsActions extends RecordsActions {
  /**
   * The `records/1` client beside this one (made on first use): its own pool of records servers,
   * verified under the same trust policy, sharing this client's libp2p host; stopped with it.
   *
   * @returns The records client.
   */
  recordsClient(): Promise<WaymarkRecordsClient>;
  /**
   * Looks up the mail public key an address published (its `mail/key` record, verified).
   *
   * @param address - The recipient's address.
   * @param signal - Cancels the lookup.
   * @returns The 33-byte public key.
   */
  resolveMailKey(address: string, signal?: AbortSignal): Promise<Uint8Array>;
}

/**
 * Gives a client `client.records` backed by a `records/1` client made on first use with the same
 * options (chain, registry, trust policy, tuning) but the records service, no custom servers, and
 * this client's host. Both clients keep their own pools: records servers are discovered, verified
 * and selected independently of the client's own service.
 *
 * @param options - The options the client was made with.
 * @returns The decorator, for `client.extend`.
 */
export function siblingRecordsActions(
  options: WaymarkClientOptions,
): (client: WaymarkClientContext) => SiblingRecordsActions {
  return (client) => {
    let sibling: Promise<WaymarkRecordsClient> | undefined;
    const recordsClient = async (): Promise<WaymarkRecordsClient> => {
      sibling ??= createRecordsClient({
        ...options,
        chainId: options.chainId ?? client.registry?.chainId,
        customServers: [],
        host: client.host,
      }).then(
        (made) => {
          client.own(made);
          return made;
        },
        (err: unknown) => {
          // A later call tries again (the chain may answer by then).
          sibling = undefined;
          throw err;
        },
      );
      return sibling;
    };
    return {
      recordsClient,
      resolveMailKey: async (address, signal) => lookupMailKey(await recordsClient(), address, signal),
      records: {
        put: async (parameters) => (await recordsClient()).records.put(parameters),
        get: async (parameters) => (await recordsClient()).records.get(parameters),
        delete: async (parameters) => (await recordsClient()).records.delete(parameters),
        list: async function* (parameters) {
          yield* (await recordsClient()).records.list(parameters);
        },
      },
    };
  };
}
