import { MailInternalError, MailProtocolError } from "../../../client/mail/protocol/errors.js";

/**
 * The answer to a store write that failed for the node's own reasons (a full disk, an I/O error):
 * a `MailInternalError` naming the cause, so that the peer knows the node, not its request, failed
 * (and a client fails over), and the operator's log can say what to fix.
 *
 * @param err - What the store threw.
 * @returns The error to answer with; a protocol error is returned as it is.
 */
export function storeWriteError(err: unknown): MailProtocolError {
  if (err instanceof MailProtocolError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new MailInternalError(`The node's mail store cannot write: ${reason}`, { cause: err });
}
