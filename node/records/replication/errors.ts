import {
  RecordsBadResponseError,
  RecordsInternalError,
  RecordsInvalidQueryError,
  RecordsProtocolError,
  RecordsRateLimitedError,
  RecordsTimeoutError,
  RecordsUnauthorizedError,
} from "../../../client/records/protocol/errors.js";
import type { ReplicationErrors } from "../../replication/adapter.js";

/**
 * The answer to a store write that failed for the node's own reasons (a full disk, an I/O error):
 * a `RecordsInternalError` naming the cause, so that the peer knows the node, not its request,
 * failed, and the operator's log can say what to fix.
 *
 * @param err - What the store threw.
 * @returns The error to answer with; a records protocol error is returned as it is.
 */
export function recordsStoreWriteError(err: unknown): RecordsProtocolError {
  if (err instanceof RecordsProtocolError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new RecordsInternalError(`The node's records store cannot write: ${reason}`, { cause: err });
}

/** The records errors for the failures of replication, as the core and `SyncLimits` raise them. */
export const RECORDS_REPLICATION_ERRORS: ReplicationErrors = {
  badResponse: (message, cause) => new RecordsBadResponseError(message, { cause }),
  timeout: (message, cause) => new RecordsTimeoutError(message, { cause }),
  invalidQuery: (message) => new RecordsInvalidQueryError(message),
  storeFailed: recordsStoreWriteError,
  rateLimited: (message, details) => new RecordsRateLimitedError(message, details),
  unauthorized: (message) => new RecordsUnauthorizedError(message),
};
