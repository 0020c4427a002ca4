import { createHash } from "node:crypto";

import { envelopeIdInput } from "../../client/mail/protocol/envelope.js";
import type { Envelope } from "../../client/mail/protocol/mail.generated.js";

/**
 * The id of an envelope, as `envelopeId` computes it, with Node's own sha-256 (OpenSSL) rather than
 * the portable one clients carry: the node hashes every envelope it accepts, pushed or replicated,
 * and this is about three times faster on 1 KiB.
 *
 * @param envelope - Topic, payload, timestamp and ttl.
 * @returns The 32-byte id, in an `ArrayBuffer` of its own.
 */
export function nodeEnvelopeId(envelope: Envelope): Uint8Array {
  const hash = createHash("sha256");
  for (const part of envelopeIdInput(envelope)) hash.update(part);
  const digest = hash.digest();
  // A plain view of the digest's own buffer (Node allocates it unpooled): ids compare and cross
  // threads as the client's do.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
