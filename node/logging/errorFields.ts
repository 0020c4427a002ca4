import { WaymarkError } from "../../client/kernel/errors/base.js";
import { redactUrls } from "../../client/kernel/text/redactUrl.js";

/**
 * Log fields for an error: an expected Waymark error (the chain is down, a peer is unreachable) as
 * its name and reason without a stack; anything else whole, stack included, under `err`. URLs in the
 * reason are cut to their scheme, host and port (a chain RPC URL may hold an API key); the
 * logger's `err` serializer does the same for the rest.
 *
 * @param err - What was thrown.
 * @returns The fields to log.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof WaymarkError) {
    return { error: err.name, reason: redactUrls(err.details ?? err.shortMessage) };
  }
  return { err };
}
