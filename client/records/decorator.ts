import type { RecordsContext } from "./context.js";
import type { DeleteParameters } from "./delete.js";
import { deleteRecord } from "./delete.js";
import type { GetParameters, GetReturnType } from "./get.js";
import { get } from "./get.js";
import type { ListPage, ListParameters } from "./list.js";
import { list } from "./list.js";
import type { PutParameters, PutReturnType } from "./put.js";
import { put } from "./put.js";

/** The records service's actions, under `client.records`. */
export interface RecordsActions {
  records: {
    /**
     * Signs and stores a record. See `put`.
     *
     * @param parameters - Signer, name, value, lifetime, sequence.
     * @returns The record, whether it was a duplicate, and the server.
     */
    put(parameters: PutParameters): Promise<PutReturnType>;
    /**
     * Reads and verifies a record, from two servers by default. See `get`.
     *
     * @param parameters - Owner, name, servers, tombstones.
     * @returns The newest verified record, or undefined.
     */
    get(parameters: GetParameters): Promise<GetReturnType>;
    /**
     * Deletes a record with a signed tombstone. See `deleteRecord`.
     *
     * @param parameters - Signer, name.
     * @returns The tombstone and the server.
     */
    delete(parameters: DeleteParameters): Promise<PutReturnType>;
    /**
     * Lists an owner's names, page by page. See `list`.
     *
     * @param parameters - Owner, page size.
     * @returns The pages.
     */
    list(parameters: ListParameters): AsyncGenerator<ListPage, void, undefined>;
  };
}

/**
 * The records actions, bound to a `records/1` client that has a server with failover
 * (`coreActions`).
 *
 * @param client - The client.
 * @returns The actions, to add with `client.extend(recordsActions)`.
 */
export function recordsActions(client: RecordsContext): RecordsActions {
  return {
    records: {
      put: async (parameters) => put(client, parameters),
      get: async (parameters) => get(client, parameters),
      delete: async (parameters) => deleteRecord(client, parameters),
      list: (parameters) => list(client, parameters),
    },
  };
}
