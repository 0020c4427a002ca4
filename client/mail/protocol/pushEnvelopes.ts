import { MAIL_DEFAULTS, MAIL_PROTOCOLS } from "./constants.js";
import type { EnvelopeFields, EnvelopeLimits, MailEnvelope } from "./envelope.js";
import { createEnvelope, envelopeIdHex, idsEqual, toWire } from "./envelope.js";
import type { MailProtocolError } from "./errors.js";
import {
  MailBadResponseError,
  MailInvalidEnvelopeError,
  MailTooLargeError,
  errorFromFrame,
} from "./errors.js";
import { Request } from "./mail.generated.js";
import { decodeResponse } from "./response.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "./roundTrip.js";
import { roundTrip } from "./roundTrip.js";

/** Options of {@link pushEnvelopes}. */
export interface PushEnvelopesOptions extends MailRequestOptions {
  /** Limits each envelope is checked against before it is sent. @default MAIL_DEFAULTS */
  limits?: EnvelopeLimits | undefined;
  /** Envelopes one push may carry (the node's `maxPushEnvelopes`). @default MAIL_DEFAULTS.maxPushEnvelopes */
  maxEnvelopes?: number | undefined;
  /**
   * Topic and payload bytes one push may carry (the node's `maxPushBatchBytes`).
   * @default MAIL_DEFAULTS.maxPushBatchBytes
   */
  maxBatchBytes?: number | undefined;
}

/** What the node answered for one envelope of a push of several. */
export type PushEnvelopesResult =
  /** Committed (or already held): acknowledged after the commit, as a push of one. */
  | { readonly id: Uint8Array; readonly duplicate: boolean; readonly error?: undefined }
  /** Refused by the node for this envelope alone; its neighbours are unaffected. */
  | { readonly id: Uint8Array; readonly duplicate?: undefined; readonly error: MailProtocolError };

/**
 * Topic and payload bytes of an envelope, as a node counts them against `maxPushBatchBytes`.
 *
 * @param envelope - The envelope.
 * @returns The bytes.
 */
export function batchBytesOf(envelope: EnvelopeFields | MailEnvelope): number {
  return envelope.payload.byteLength + encoder.encode(envelope.topic).byteLength;
}

const encoder = new TextEncoder();

/**
 * Pushes several envelopes to a mail node in one request (`PushManyRequest`, an outbox flush) and
 * waits for the answer, which the node sends only after every envelope it accepted is durably
 * committed. The node charges, checks and stores each envelope as a push of one, so the answer
 * has one result per envelope: a refused envelope (invalid, out of range, rate limited, store
 * full) carries its own typed error and does not fail the others.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node (peer id or addresses; the connection's peer id when `source` is one).
 * @param envelopes - The envelopes (at most `maxEnvelopes`, and `maxBatchBytes` of topics and
 *   payloads together).
 * @param options - Signal, timeout, envelope and batch limits.
 * @returns One result per envelope, in order.
 * @throws MailInvalidEnvelopeError, MailTooLargeError or MailTimestampOutOfRangeError when an
 * envelope or the batch breaks a rule locally (nothing is sent), or when the node refuses the request as a whole
 * (`TOO_LARGE` with limit `push-envelopes` or `push-bytes`: a batch over its limits).
 * @throws MailUnsupportedVersionError when the node does not serve pushes of several.
 * @throws MailRateLimitedError, MailUnreachableError, MailTimeoutError, MailBadResponseError,
 * MailUnavailableError or MailInternalError when the request as a whole fails.
 * @example
 * ```ts
 * const results = await pushEnvelopes(host, nodePeerId, outbox);
 * const retry = outbox.filter((_, i) => results[i]!.error?.name === "MailRateLimitedError");
 * ```
 */
export async function pushEnvelopes(
  source: MailStreamSource,
  peer: MailPeer,
  envelopes: readonly (EnvelopeFields | MailEnvelope)[],
  options: PushEnvelopesOptions = {},
): Promise<PushEnvelopesResult[]> {
  const { maxEnvelopes = MAIL_DEFAULTS.maxPushEnvelopes, maxBatchBytes = MAIL_DEFAULTS.maxPushBatchBytes } =
    options;
  if (envelopes.length === 0) throw new MailInvalidEnvelopeError("A push carries at least one envelope");
  if (envelopes.length > maxEnvelopes) {
    throw new MailTooLargeError(
      `A push may carry at most ${maxEnvelopes} envelopes, not ${envelopes.length}`,
      {
        limit: "push-envelopes",
      },
    );
  }
  const bytes = envelopes.reduce((sum, envelope) => sum + batchBytesOf(envelope), 0);
  if (bytes > maxBatchBytes) {
    throw new MailTooLargeError(
      `A push may carry at most ${maxBatchBytes} topic and payload bytes, not ${bytes}`,
      {
        limit: "push-bytes",
      },
    );
  }
  const checked = envelopes.map((envelope) => createEnvelope(envelope, options.limits));
  const { frame } = await roundTrip(
    source,
    peer,
    { protocols: MAIL_PROTOCOLS, request: Request.encode({ pushMany: { envelopes: checked.map(toWire) } }) },
    options,
  );
  const response = decodeResponse(frame);
  if (response.error !== undefined) throw errorFromFrame(response.error);
  if (response.pushMany === undefined) {
    throw new MailBadResponseError("The node answered a push of several with another kind");
  }
  const { results } = response.pushMany;
  if (results.length !== checked.length) {
    throw new MailBadResponseError(
      `The node answered ${results.length} results for ${checked.length} envelopes`,
    );
  }
  return results.map((result, i) => {
    const envelope = checked[i];
    if (envelope === undefined)
      throw new MailBadResponseError("The node answered more results than envelopes");
    const { id } = envelope;
    if (result.error !== undefined) return { id, error: errorFromFrame(result.error) };
    if (!idsEqual(result.id, id)) {
      throw new MailBadResponseError(
        `The node acknowledged id ${envelopeIdHex(result.id)}, not ${envelopeIdHex(id)}`,
      );
    }
    return { id, duplicate: result.duplicate };
  });
}
