import { WaymarkError } from "../../client/errors/base.js";

/**
 * Log fields for an error: an expected Waymark error (the chain is down, a peer is unreachable) as
 * its name and reason without a stack; anything else whole, stack included, under `err`.
 *
 * @param err - What was thrown.
 * @returns The fields to log.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof WaymarkError) return { error: err.name, reason: err.details ?? err.shortMessage };
  return { err };
}
