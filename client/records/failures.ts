/**
 * Records errors that mean the request itself is wrong, so another server would refuse it too:
 * these are not failed over. Every other error (unreachable, timeout, rate limited, unavailable,
 * internal, bad answer, unsupported version) counts as the server's failure.
 */
const REQUEST_ERRORS = new Set([
  "InvalidRecordError",
  "RecordTooLargeError",
  "RecordBadSignatureError",
  "RecordStaleSequenceError",
  "RecordExpiredError",
  "RecordQuotaExceededError",
  "RecordsInvalidQueryError",
]);

/**
 * Whether a records error is the server's failure (fail over) rather than the request's (give up).
 *
 * @param error - What the request threw.
 * @returns True to fail over to another server.
 */
export function isRecordsServerFailure(error: Error): boolean {
  return !REQUEST_ERRORS.has(error.name);
}
