import { RecordStaleSequenceError } from "../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../client/records/protocol/record.js";

/** What the store holds under a name, as far as ordering goes. */
export interface HeldVersion {
  sequence: number;
  signature: Uint8Array;
}

/** How an incoming record compares with the one held under its name. */
export type Ordering = "newer" | "duplicate" | "stale";

/**
 * Orders an incoming record against the one held: a higher sequence is newer, a lower one stale;
 * at an equal sequence the same signature is a duplicate, and of two different records the one
 * with the bytewise larger signature wins. Every replica applies the same rule, so whichever order
 * two conflicting records arrive in, all of them end up holding the same one.
 *
 * @param held - The record held under the name, or undefined.
 * @param incoming - The record offered.
 * @returns `newer`, `duplicate` or `stale`.
 */
export function orderRecord(held: HeldVersion | undefined, incoming: SignedRecord): Ordering {
  if (held === undefined || incoming.sequence > held.sequence) return "newer";
  if (incoming.sequence < held.sequence) return "stale";
  const order = Buffer.compare(incoming.signature, held.signature);
  if (order === 0) return "duplicate";
  return order > 0 ? "newer" : "stale";
}

/**
 * The error a stale record is refused with.
 *
 * @param held - The record held under the name.
 * @param incoming - The record refused.
 * @returns A RecordStaleSequenceError naming both sequences.
 */
export function staleRecordError(
  held: HeldVersion | undefined,
  incoming: SignedRecord,
): RecordStaleSequenceError {
  return new RecordStaleSequenceError(
    `The node holds sequence ${held?.sequence ?? 0} of ${incoming.name}; ${incoming.sequence} is not newer`,
  );
}
