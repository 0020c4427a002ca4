import type { EnvelopeLimits } from "../../client/mail/protocol/envelope.js";
import { checkEnvelope } from "../../client/mail/protocol/envelope.js";
import { MailInvalidEnvelopeError, MailTimestampOutOfRangeError } from "../../client/mail/protocol/errors.js";
import type { Envelope } from "../../client/mail/protocol/mail.generated.js";
import { nodeEnvelopeId } from "./envelopeId.js";
import type { MailLimits } from "./options.js";
import type { StoredEnvelope } from "./store/types.js";

/** Limits an envelope is accepted under. */
export type AcceptLimits = EnvelopeLimits &
  Pick<MailLimits, "maxFutureSkewMs" | "maxPastSkewMs" | "maxRetentionSeconds">;

/**
 * Checks an envelope a client pushed and prepares it for the store: protocol rules, the node's
 * topic and payload limits, the timestamp window around the node's clock, and the ttl clamped to
 * the node's retention.
 *
 * @param envelope - The decoded envelope.
 * @param limits - The node's limits.
 * @param now - The node's clock, in ms.
 * @returns The envelope with its id and expiry.
 * @throws MailInvalidEnvelopeError, MailTooLargeError or MailTimestampOutOfRangeError.
 */
export function acceptPushed(envelope: Envelope, limits: AcceptLimits, now: number): StoredEnvelope {
  checkEnvelope(envelope, limits);
  if (envelope.timestamp > now + limits.maxFutureSkewMs) {
    throw new MailTimestampOutOfRangeError(
      `The timestamp is more than ${limits.maxFutureSkewMs} ms ahead of the node's clock`,
    );
  }
  if (envelope.timestamp < now - limits.maxPastSkewMs) {
    throw new MailTimestampOutOfRangeError(
      `The timestamp is more than ${limits.maxPastSkewMs} ms behind the node's clock`,
    );
  }
  const stored = toStored(envelope, limits);
  if (stored.expiresAt <= now) throw new MailInvalidEnvelopeError("The envelope has already expired");
  return stored;
}

/**
 * Checks an envelope another mail server sent (forwarding, catch-up, anti-entropy) and prepares it
 * for the store. Nothing a server sends is taken on its word: the protocol rules and the node's
 * limits apply as to a push, and the timestamp must lie within the node's retention behind its
 * clock and no further ahead than a push may be (catch-up brings old envelopes on purpose, but
 * never older than the node keeps, nor dated where a push could not be).
 *
 * @param envelope - The decoded envelope.
 * @param limits - The node's limits.
 * @param now - The node's clock, in ms.
 * @param origin - Who introduced it (see `StoredEnvelope.origin`); undefined for no share limit.
 * @returns The envelope with its id, expiry and origin.
 * @throws MailInvalidEnvelopeError, MailTooLargeError or MailTimestampOutOfRangeError.
 */
export function acceptReplicated(
  envelope: Envelope,
  limits: AcceptLimits,
  now: number,
  origin: string | undefined,
): StoredEnvelope {
  checkEnvelope(envelope, limits);
  if (envelope.timestamp > now + limits.maxFutureSkewMs) {
    throw new MailTimestampOutOfRangeError(
      `The timestamp is more than ${limits.maxFutureSkewMs} ms ahead of the node's clock`,
    );
  }
  if (envelope.timestamp < now - limits.maxRetentionSeconds * 1000) {
    throw new MailTimestampOutOfRangeError("The timestamp is older than the node's retention");
  }
  const stored = toStored(envelope, limits);
  if (stored.expiresAt <= now) throw new MailInvalidEnvelopeError("The envelope has already expired");
  return origin === undefined ? stored : { ...stored, origin };
}

function toStored(envelope: Envelope, limits: AcceptLimits): StoredEnvelope {
  const retention = limits.maxRetentionSeconds;
  const ttl = envelope.ttl === 0 ? retention : Math.min(envelope.ttl, retention);
  return {
    id: nodeEnvelopeId(envelope),
    topic: envelope.topic,
    payload: envelope.payload,
    timestamp: envelope.timestamp,
    ttl: envelope.ttl,
    expiresAt: envelope.timestamp + ttl * 1000,
  };
}
