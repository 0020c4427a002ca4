/**
 * The records service's options: the table (options/table.ts) from which their defaults,
 * validation, TSDoc (options/limits.generated.ts) and documentation come, and the resolvers.
 */
export type { RecordsLimitsInit } from "./options/limits.generated.js";
export {
  RECORDS_LIMIT_OPTIONS,
  RECORDS_SERVICE_DEFAULTS,
  resolveRecordsInit,
  resolveRecordsLimits,
} from "./options/resolve.js";
export { RECORD_FRAME_OVERHEAD_BYTES, RECORDS_OPTIONS } from "./options/table.js";
export type { RecordsLimits, RecordsServiceInit, ResolvedRecordsInit } from "./options/types.js";
