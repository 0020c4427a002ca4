import { MAIL_PROTOCOLS } from "./constants.js";
import type { EnvelopeFields, EnvelopeLimits, MailEnvelope } from "./envelope.js";
import { createEnvelope, envelopeIdHex, idsEqual } from "./envelope.js";
import { MailBadResponseError, errorFromFrame } from "./errors.js";
import { Request } from "./mail.generated.js";
import { decodeResponse } from "./response.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "./roundTrip.js";
import { roundTrip } from "./roundTrip.js";

/** Options of {@link pushEnvelope}. */
export interface PushEnvelopeOptions extends MailRequestOptions {
  /** Limits the envelope is checked against before it is sent. @default MAIL_DEFAULTS */
  limits?: EnvelopeLimits | undefined;
}

/** What {@link pushEnvelope} returns once the node has committed the envelope. */
export interface PushEnvelopeReturnType {
  /** The envelope id (32 bytes). */
  id: Uint8Array;
  /** True when the node already held the envelope (it is stored once). */
  duplicate: boolean;
}

/**
 * Pushes one envelope to a mail node and waits for its acknowledgement, which the node sends only
 * after the envelope is durably committed.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node (peer id or addresses; the connection's peer id when `source` is one).
 * @param envelope - The envelope, or the fields to build it from.
 * @param options - Signal, timeout and limits.
 * @returns The id and whether the node already had it.
 * @throws MailInvalidEnvelopeError, MailTooLargeError or MailTimestampOutOfRangeError when the
 * envelope breaks a rule (checked locally first, then by the node with its own limits).
 * @throws MailRateLimitedError when this peer is over a limit; see `retryAfterMs`.
 * @throws MailUnsupportedVersionError, MailUnreachableError, MailTimeoutError,
 * MailBadResponseError, MailUnavailableError or MailInternalError on other failures.
 * @example
 * ```ts
 * const { id } = await pushEnvelope(host, nodePeerId, { topic, payload: ciphertext });
 * ```
 */
export async function pushEnvelope(
  source: MailStreamSource,
  peer: MailPeer,
  envelope: EnvelopeFields | MailEnvelope,
  options: PushEnvelopeOptions = {},
): Promise<PushEnvelopeReturnType> {
  const checked = createEnvelope(envelope, options.limits);
  const { id: _id, ...wire } = checked;
  const { frame } = await roundTrip(
    source,
    peer,
    { protocols: MAIL_PROTOCOLS, request: Request.encode({ push: { envelope: wire } }) },
    options,
  );
  const response = decodeResponse(frame);
  if (response.error !== undefined) throw errorFromFrame(response.error);
  if (response.push === undefined)
    throw new MailBadResponseError("The node answered a push with another kind");
  if (!idsEqual(response.push.id, checked.id)) {
    throw new MailBadResponseError(
      `The node acknowledged id ${envelopeIdHex(response.push.id)}, not ${envelopeIdHex(checked.id)}`,
    );
  }
  return { id: checked.id, duplicate: response.push.duplicate };
}
