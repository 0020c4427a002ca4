import type { RecordsServiceInit } from "./options.js";
import { resolveRecordsInit } from "./options.js";
import { DefaultRecordsService } from "./service.js";
import type { RecordsService, RecordsServiceComponents } from "./types.js";

export { RECORDS_LOG_COMPONENT, RECORDS_RUNTIME_KEY, RECORDS_STORE_FILE } from "./constants.js";
export { RecordsOptionError } from "./errors.js";
export type { RecordsLimits, RecordsLimitsInit, RecordsServiceInit } from "./options.js";
export { RECORDS_LIMIT_OPTIONS, RECORDS_SERVICE_DEFAULTS, resolveRecordsLimits } from "./options.js";
export { SqliteRecordsStore } from "./store/sqliteRecordsStore.js";
export type { SqliteRecordsStoreInit } from "./store/sqliteRecordsStore.js";
export type * from "./store/types.js";
export type * from "./types.js";

/**
 * The records service: serves `/waymark/records/1.0.0` (put, get, list of signed records keyed
 * by owner address and name) from a durable store, accepting only records signed for the node's
 * deployment.
 *
 * @param init - The deployment, store location and limits; every limit has a default.
 * @returns The libp2p service factory.
 * @throws RecordsOptionError at once when a limit is invalid.
 * @example
 * ```ts
 * const host = await createWaymarkHost({
 *   services: { records: recordsService({ domain: { chainId, registry }, path: "records.sqlite" }) },
 * });
 * ```
 */
export function recordsService(
  init: RecordsServiceInit,
): (components: RecordsServiceComponents) => RecordsService {
  const resolved = resolveRecordsInit(init);
  return (components) => new DefaultRecordsService(components, resolved);
}
