import { MailInvalidQueryError } from "../../../../client/mail/protocol/errors.js";

/**
 * Checks the time range of a digest or id listing.
 *
 * @param from - Lowest timestamp, inclusive.
 * @param to - Highest timestamp, inclusive.
 * @throws MailInvalidQueryError when `from` is after `to` or `to` is not a safe integer.
 */
export function checkTimeRange(from: number, to: number): void {
  if (from > to || to > Number.MAX_SAFE_INTEGER) throw new MailInvalidQueryError("The time range is invalid");
}
